using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>The algorithms' cost rule (what the form's estimate shows) against the LM queries a real run counts.</summary>
public sealed class RunCostTests(FederationFixture fx) : IClassFixture<FederationFixture>
{
    [Theory]
    [InlineData(FedBptAlgorithm.Key, null)]
    [InlineData(FedBptAlgorithm.Key, false)]
    [InlineData(FedAvgBbtAlgorithm.Key, null)]
    [InlineData(FedAvgBbtAlgorithm.Key, true)]
    [InlineData(BbtAlgorithm.Key, null)]
    [InlineData(BbtAlgorithm.Key, true)]
    [InlineData(ManualAlgorithm.Key, null)]
    public void TheEstimateIsTheLmQueriesATinyRunRecords(string algorithm, bool? perturb)
    {
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Get(algorithm), Perturb = perturb, NumRounds = 2, BbtPopsize = 4 };
        long estimate;
        using (var prepared = fx.Prepare(spec)) estimate = prepared.QueriesPerRound * spec.EffectiveRounds;

        var (summary, rounds) = fx.Run(spec);

        Assert.Equal(summary.LmQueries, estimate);
        Assert.Equal(rounds[^1].Record.LmQueries, estimate);
    }
}
