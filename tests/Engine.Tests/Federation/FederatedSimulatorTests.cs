using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

public sealed class FederatedSimulatorTests(FederationFixture fx) : IClassFixture<FederationFixture>
{
    [Fact]
    public void AResumedRunFinishesExactlyAsAnUninterruptedOne()
    {
        var spec = FederationFixture.SmallSpec;
        var (full, rounds) = fx.Run(spec);

        // "Crash" after round 1: only what the observers saw survives, as in the service.
        var (_, partial) = fx.Run(spec, stopAfterRound: 1);
        Assert.Equal(2, partial.Count);
        var checkpoint = RunCheckpoint.FromBytes(partial[^1].Checkpoint.ToBytes());
        var (resumed, rest) = fx.Run(spec, resume: checkpoint);

        Assert.Equal(spec.NumRounds, rounds.Count);
        Assert.Equal(rounds.Select(Signature), partial.Concat(rest).Select(Signature));
        Assert.Equal(full.BestAccuracy, resumed.BestAccuracy);
        Assert.Equal(full.Final.Z, resumed.Final.Z);
        Assert.Equal(full.LmQueries, resumed.LmQueries);
    }

    [Fact]
    public void ConcurrentClientsGiveTheSameRunAsSequentialOnes()
    {
        var spec = FederationFixture.SmallSpec with { NumRounds = 2 };
        var (_, sequential) = fx.Run(spec, threads: 1);
        var (_, concurrent) = fx.Run(spec, threads: 3);
        Assert.Equal(sequential.Select(Signature), concurrent.Select(Signature));
    }

    [Fact]
    public void EveryRoundReportsMetricsAndTheOptimizerMoves()
    {
        var spec = FederationFixture.SmallSpec;
        var (summary, rounds) = fx.Run(spec);

        Assert.Equal(Enumerable.Range(0, spec.NumRounds), rounds.Select(r => r.Round));
        Assert.All(rounds, r => Assert.InRange(r.Record.GlobalTestAccuracy!.Value, 0, 1));
        Assert.All(rounds, r => Assert.Equal(spec.NumClients, r.Record.Clients.Count));
        Assert.Equal(spec.Sigma, rounds[0].Record.Sigma);                   // round 0 sends σ0
        Assert.NotEqual(rounds[0].Record.Sigma, rounds[1].Record.Sigma);        // the server adapts it
        Assert.All(rounds[0].Final.Z, z => Assert.Equal(0, z));          // round 0 evaluates z = 0
        Assert.Contains(rounds[^1].Final.Z, z => z != 0);
        Assert.True(rounds.Zip(rounds.Skip(1)).All(p => p.Second.Record.LmQueries > p.First.Record.LmQueries));
        Assert.Equal(rounds.Max(r => r.Record.GlobalTestAccuracy), summary.BestAccuracy);
        Assert.Equal(rounds[^1].Record.GlobalTestAccuracy, summary.FinalAccuracy);
        Assert.Equal(rounds.First(r => r.Record.GlobalTestAccuracy == summary.BestAccuracy).Round, summary.BestRound);

        // Clean/perturbed ratio: a prompt cannot make both losses vanish, so fitness stays positive.
        Assert.All(rounds, r => Assert.True(r.Record.TrainFitnessMin > 0 && r.Record.TrainFitnessMin <= r.Record.TrainFitnessMean));
    }

    [Fact]
    public void BytesExchangedAreThoseOfTheEncodedMessages()
    {
        var spec = FederationFixture.SmallSpec with { NumRounds = 1 };
        var (_, rounds) = fx.Run(spec);
        int d = spec.IntrinsicDim;
        // Up: client id, z (d doubles), fitness, local σ list, σ after the last step, μ, examples, "no state" marker.
        long up = 4 + (4 + 8L * d) + 8 + (4 + 8L * spec.LocalIter) + 8 + 4 + 4 + 4;
        // Down: round, mean, σ, the covariance's upper triangle, "no state" marker, "no scaling" flag.
        long down = 4 + (4 + 8L * d) + 8 + 4 + 8L * d * (d + 1) / 2 + 4 + 1;
        Assert.Equal(up * spec.NumClients, rounds[0].Record.BytesUp);
        Assert.Equal(down * spec.NumClients, rounds[0].Record.BytesDown);
    }

    [Theory]
    [InlineData(FedBptAlgorithm.Key, 2)]
    [InlineData(FedAvgBbtAlgorithm.Key, 1)]
    public void OnlyFedBptScoresAPerturbedCopyByDefault(string algorithm, int copies)
    {
        // LM queries per client and round: (iterations × λ candidates + the final mean) × the shard, clean and, with
        // perturbation, perturbed; the baselines fit the plain loss, as BBT does.
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Get(algorithm), NumRounds = 1 };
        var (_, rounds) = fx.Run(spec);
        Assert.All(rounds[0].Record.Clients, c =>
            Assert.Equal((long)(spec.LocalIter * spec.LocalPopsize + 1) * c.Examples * copies, c.LmQueries));
    }

    [Fact]
    public void TheCentralizedBbtSendsTheStepSizeItsOptimizerEndedTheRoundWith()
    {
        // The σ recorded for round 1 is the one the persistent CMA-ES holds after round 0's last update (in its
        // saved state), not the σ before that update.
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Bbt, EvalClients = ["site-1"], NumRounds = 2 };
        var (_, rounds) = fx.Run(spec);

        using var reader = new BinaryReader(new MemoryStream(rounds[0].Checkpoint.StrategyState));
        reader.ReadDouble();
        GlobalModelMessage.ReadVector(reader);
        var optimizer = Engine.Optimization.CmaEs.FromBytes(reader.ReadBytes(reader.ReadInt32()));
        Assert.Equal(optimizer.Sigma, rounds[1].Record.Sigma);
    }

    [Fact]
    public void NonIidSplitsAreSkewedAndStillUseEveryExample()
    {
        using var iid = fx.Prepare(FederationFixture.SmallSpec);
        using var skewed = fx.Prepare(FederationFixture.SmallSpec with { Iid = false, DirichletAlpha = 0.1, NumClients = 4 });
        int total = skewed.LabelCounts.ClientTotals.Sum();
        Assert.Equal(2 * FederationFixture.SmallSpec.KShot, total);
        Assert.All(skewed.LabelCounts.ClientTotals, n => Assert.True(n > 0));
        double skew = Enumerable.Range(0, 4).Average(skewed.LabelCounts.MaxClassShare);
        double balanced = Enumerable.Range(0, 3).Average(iid.LabelCounts.MaxClassShare);
        Assert.True(skew > balanced, $"Dirichlet 0.1 should be more skewed ({skew:F2}) than IID ({balanced:F2})");
    }

    [Fact]
    public void CancellationStopsBetweenIterations()
    {
        using var prepared = fx.Prepare(FederationFixture.SmallSpec with { NumRounds = 50 });
        using var cts = new CancellationTokenSource();
        var recorder = new CancelOnFirstClient(cts);
        var simulator = new FederatedSimulator(prepared, [recorder]);
        Assert.ThrowsAny<OperationCanceledException>(() => simulator.Run(cancel: cts.Token));
        Assert.Equal(0, recorder.CompletedRounds);
    }

    [Fact]
    public void FedAvgBbtAndCentralizedBbtAndManualRun()
    {
        var fedavg = fx.Run(FederationFixture.SmallSpec with { Algorithm = Algorithms.FedAvgBbt, NumRounds = 2 });
        Assert.Equal(2, fedavg.Rounds.Count);
        Assert.Null(GlobalModelMessage.Decode(new FedAvgBbtStrategy(FederationFixture.SmallSpec).ConfigureTrain(0).Encode()).Covariance);

        var bbt = fx.Run(FederationFixture.SmallSpec with { Algorithm = Algorithms.Bbt, NumRounds = 2, BbtPopsize = 6 });
        Assert.Single(bbt.Rounds[0].Record.Clients);
        Assert.Equal(12, bbt.Rounds[0].Record.Clients[0].Examples);              // one party holds all 2·kShot examples

        var manual = fx.Run(FederationFixture.SmallSpec with { Algorithm = Algorithms.Manual });
        Assert.Single(manual.Rounds);
        Assert.Equal(manual.Summary.ZeroShotAccuracy, manual.Summary.BestAccuracy);
        Assert.Equal(fedavg.Summary.ZeroShotAccuracy, manual.Summary.ZeroShotAccuracy);
    }

    [Fact]
    public void CentralizedBbtKeepsOneOptimizerAcrossRounds()
    {
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Bbt, BbtPopsize = 6 };
        var strategy = new CentralizedBbtStrategy(spec);
        using var prepared = fx.Prepare(spec with { NumRounds = 2 });
        var recorder = new FederationFixture.Recorder(null);
        new FederatedSimulator(prepared, [recorder]).Run();
        strategy.LoadState(recorder.Rounds[^1].Checkpoint.StrategyState);
        var state = FedBpt.Engine.Optimization.CmaEs.FromBytes(strategy.ConfigureTrain(2).ContinueState!);
        Assert.Equal(2 * spec.LocalIter, state.Iteration);
    }

    private static string Signature(CompletedRound r) =>
        $"{r.Round}|{r.Record.GlobalTestAccuracy:R}|{r.Record.TrainFitnessMean:R}|{r.Record.TrainFitnessMin:R}|{r.Record.Sigma:R}|{r.Record.LmQueries}|{string.Join(",", r.Final.Z.Select(z => z.ToString("R")))}";

    private sealed class CancelOnFirstClient(CancellationTokenSource cts) : IRunObserver
    {
        public int CompletedRounds { get; private set; }
        public void OnClientCompleted(int round, ClientRound client) => cts.Cancel();
        public void OnRoundCompleted(CompletedRound result) => CompletedRounds++;
    }
}
