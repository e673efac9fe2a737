using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>The algorithms' cost rule (what the form's estimate shows) against the LM queries a real run counts.</summary>
public sealed class RunCostTests(FederationFixture fx) : IClassFixture<FederationFixture>
{
    [Theory]
    [InlineData(Algorithms.FedBpt, null)]
    [InlineData(Algorithms.FedBpt, false)]
    [InlineData(Algorithms.FedAvgBbt, null)]
    [InlineData(Algorithms.FedAvgBbt, true)]
    [InlineData(Algorithms.Bbt, null)]
    [InlineData(Algorithms.Bbt, true)]
    [InlineData(Algorithms.Manual, null)]
    public void TheEstimateIsTheLmQueriesATinyRunRecords(string algorithm, bool? perturb)
    {
        var spec = FederationFixture.SmallSpec with { Algorithm = algorithm, Perturb = perturb, NumRounds = 2, BbtPopsize = 4 };
        long estimate;
        using (var prepared = fx.Prepare(spec)) estimate = prepared.QueriesPerRound * spec.EffectiveRounds;

        var (summary, rounds) = fx.Run(spec);

        Assert.Equal(summary.LmQueries, estimate);
        Assert.Equal(rounds[^1].Record.LmQueries, estimate);
    }
}
