using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>
/// Adding an algorithm is one class plus its registration: a trivial one (clients keep z = 0 and send it back) runs end
/// to end through validation, the simulator and the cost rule without any other file knowing it.
/// </summary>
public sealed class AddingAnAlgorithmTests(FederationFixture fx) : IClassFixture<FederationFixture>
{
    static AddingAnAlgorithmTests()
    {
        if (Algorithms.Find(ZeroAlgorithm.Key) is null) Algorithms.Register(new ZeroAlgorithm());
    }

    [Fact]
    public void ARegisteredAlgorithmIsValidatedRunAndCosted()
    {
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Get(ZeroAlgorithm.Key), NumRounds = 2 };
        Assert.Empty(spec.Validate());
        Assert.Contains(ZeroAlgorithm.Key, Algorithms.All);

        long estimate;
        using (var prepared = fx.Prepare(spec)) estimate = prepared.QueriesPerRound * spec.EffectiveRounds;
        var (summary, rounds) = fx.Run(spec);

        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(spec.NumClients, r.Record.Clients.Count));
        Assert.All(summary.Final.Z, z => Assert.Equal(0, z));               // the server kept z = 0
        Assert.Equal(rounds[0].Record.GlobalTestAccuracy, rounds[1].Record.GlobalTestAccuracy);
        Assert.Equal(estimate, summary.LmQueries);
    }

    /// <summary>Clients search as usual; the server ignores what they send and keeps z = 0 and σ0.</summary>
    private sealed class ZeroAlgorithm : FederatedAlgorithm
    {
        public const string Key = "zero-test";
        public override string Name => Key;
        public override string Label => "zero-test — keeps z = 0";
        public override string Description => "Test algorithm: the server keeps z = 0.";
        public override IFederatedStrategy CreateStrategy(ExperimentSpec spec) => new Strategy(spec);

        private sealed class Strategy(ExperimentSpec spec) : IFederatedStrategy
        {
            public GlobalModelMessage ConfigureTrain(int round) => new(round, new double[spec.IntrinsicDim], spec.Sigma, null, null);
            public LocalSearch LocalSearch => new(spec.LocalPopsize, KeepsOptimizer: false);
            public void AggregateTrain(int round, IReadOnlyList<ClientUpdateMessage> updates) { }
            public byte[] SaveState() => [];
            public void LoadState(byte[] state) { }
            public string Describe() => "z = 0";
        }
    }
}
