using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Tests.Optimization;

public class CmaEsParametersTests
{
    [Fact]
    public void ServerSettingsReproduceTheReferenceConstants()
    {
        // FedBPT's GlobalES: N = 500, popsize 10, CMA_mu 10 (reference §3.2: c1 ≈ 8e-6, cmu ≈ 3e-5, cσ ≈ 0.0156, dσ ≈ 1.016).
        var p = CmaEsParameters.For(new CmaEsOptions { Dimension = 500, PopulationSize = 10, Mu = 10 });

        Assert.Equal(10, p.Mu);
        Assert.Equal(5.94, p.MuEff, 2);
        Assert.Equal(7.96e-6, p.C1, 8);
        Assert.Equal(3.46e-5, p.CMu, 7);
        Assert.Equal(0.0156, p.CSigma, 4);
        Assert.Equal(1.016, p.DSigma, 3);
        Assert.Equal(0.0080, p.Cc, 4);
        Assert.Equal(0, p.MirroredSamples);
        Assert.Equal(24.35, p.RepairThreshold, 2);
        Assert.Equal(4.70, p.EigenUpdateGap, 2); // so C is decomposed every 5th iteration
    }

    [Fact]
    public void ClientSettingsUseTwoParentsAndOneMirror()
    {
        var p = CmaEsParameters.For(new CmaEsOptions { Dimension = 500, PopulationSize = 5 });

        Assert.Equal(2, p.Mu);
        Assert.Equal([0.7304, 0.2696], p.Weights.Positive.Select(v => Math.Round(v, 4)));
        Assert.Equal(1, p.MirroredSamples);
        Assert.True(p.Weights.Values.Skip(3).All(v => v < 0), "active CMA uses negative weights by default");
        Assert.Equal(0.5405, p.DSigma, 4);
        Assert.True(p.EigenUpdateGap > 8, "a client's 8 local iterations need no eigendecomposition");
    }

    [Fact]
    public void MatchesPycmaDocumentedParametersForDimension20()
    {
        // pycma's CMAParameters docstring: CMAEvolutionStrategy(20 * [0.1], 1) gives (6_w,12)-aCMA-ES.
        var p = CmaEsParameters.For(new CmaEsOptions { Dimension = 20 });

        Assert.Equal(12, p.PopulationSize);
        Assert.Equal(6, p.Mu);
        Assert.Equal(0.00437235, p.C1, 8);
        Assert.Equal(0.00921656, p.CMu, 8);
        Assert.Equal(0.171767, p.Cc, 6);
        double[] expected =
        [
            0.4024029428, 0.2533890840, 0.1662215645, 0.1043752252, 0.05640347757, 0.01720770576,
            -0.05018713636, -0.1406167894, -0.2203813963, -0.2917332686, -0.3562788884, -0.4152044225,
        ];
        Assert.Equal(expected, p.Weights.Values.Select(v => Math.Round(v, 10)), new ToleranceComparer(1e-9));
    }

    [Fact]
    public void PassiveCovarianceHasNoNegativeWeights()
    {
        var p = CmaEsParameters.For(new CmaEsOptions { Dimension = 10, ActiveCovariance = false });

        Assert.All(p.Weights.Values, v => Assert.True(v >= 0));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(50, 15)]
    [InlineData(500, 22)]
    public void DefaultPopulationSizeIsFourPlusThreeLogN(int n, int lambda) =>
        Assert.Equal(lambda, CmaEsParameters.For(new CmaEsOptions { Dimension = n }).PopulationSize);

    [Fact]
    public void InconsistentOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => CmaEsParameters.For(new CmaEsOptions { Dimension = 5, PopulationSize = 6, Mu = 7 }));
        Assert.Throws<ArgumentException>(() => CmaEsParameters.For(new CmaEsOptions { Dimension = 5, PopulationSize = 6, MirroredSamples = 4 }));
        Assert.Throws<ArgumentException>(() => CmaEsParameters.For(new CmaEsOptions { Dimension = 5, Bounds = new BoxBounds(1, -1) }));
        Assert.Throws<ArgumentException>(() => CmaEsParameters.For(new CmaEsOptions { Dimension = 0 }));
    }
}
