using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Tests.Optimization;

public class RecombinationWeightsTests
{
    [Fact]
    public void LocalPopulationOfFiveUsesTwoParents()
    {
        var w = RecombinationWeights.Create(5);

        Assert.Equal(2, w.Mu);
        Assert.Equal([0.7304, 0.2696], w.Positive.Select(v => Math.Round(v, 4)));
        Assert.Equal(1.65, w.MuEff, 2);
    }

    [Fact]
    public void ServerPopulationOfTenWithMuTenUsesTheShapeForTwenty()
    {
        var w = RecombinationWeights.Create(10, mu: 10);

        Assert.Equal(10, w.Mu);
        Assert.Equal(20, w.Count);
        Assert.Equal(
            [0.2796, 0.1972, 0.1490, 0.1148, 0.0882, 0.0665, 0.0482, 0.0323, 0.0183, 0.0058],
            w.Positive.Select(v => Math.Round(v, 4)));
        Assert.Equal(5.94, w.MuEff, 2);
        Assert.Equal(w.Positive, RecombinationWeights.PositiveFor(10, 10));
    }

    [Fact]
    public void MuSmallerThanHalfThePopulationPadsZerosAfterThePositiveBlock()
    {
        var w = RecombinationWeights.Create(10, mu: 3);

        Assert.Equal(10, w.Count);
        Assert.Equal(3, w.Mu);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], w.Values.Skip(3).Take(4));
        Assert.True(w.Values.Skip(7).All(v => v < 0));
        Assert.Equal(1.0, w.Positive.Sum(), 12);
    }

    [Fact]
    public void MatchesPycmaDocumentedExampleBeforeAndAfterFinalisation()
    {
        // pycma's RecombinationWeights docstring: dimension 5, popsize 7, c1 = 2/(N+1)², cmu = mueff/(mueff + N²).
        var w = RecombinationWeights.Create(7);
        Assert.Equal([0.59, 0.29, 0.12, 0.00, -0.19, -0.34, -0.47], w.Values.Select(v => Math.Round(v, 2)));
        Assert.Equal(-1.0, w.Values.Where(v => v < 0).Sum(), 12);

        double c1 = 2.0 / 36, cmu = w.MuEff / (w.MuEff + 25);
        var finalized = w.FinalizeNegative(5, c1, cmu);

        Assert.Equal([0.59, 0.29, 0.12, 0.00, -0.31, -0.57, -0.79], finalized.Values.Select(v => Math.Round(v, 2)));
        Assert.Equal(0.0, c1 + cmu * finalized.Values.Sum(), 12);
        Assert.Equal(2.3, finalized.MuEff, 1);
        Assert.Equal(2.7, finalized.MuEffMinus, 1);
    }

    [Fact]
    public void WithoutNegativeKeepsOnlyThePositivePart()
    {
        var w = RecombinationWeights.Create(12).WithoutNegative();

        Assert.All(w.Values, v => Assert.True(v >= 0));
        Assert.Equal(1.0, w.Values.Sum(), 12);
        Assert.Equal(6, w.Mu);
    }
}
