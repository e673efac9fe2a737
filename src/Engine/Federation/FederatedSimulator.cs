using System.Diagnostics;
using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>
/// Runs N clients in-process over one shared model, or one copy per device (clients differ only in data, randomness
/// and optimizer state). Each round: evaluate the global mean on the test set, send it to every client,
/// train them (concurrently when <c>clientThreads</c> &gt; 1 or over several devices, see <see cref="ClientDispatch"/>,
/// with results identical to a sequential run), aggregate, checkpoint, and tell the observers.
/// </summary>
public sealed class FederatedSimulator
{
    private readonly PreparedExperiment _run;
    private readonly IReadOnlyList<IRunObserver> _observers;
    private readonly int _clientThreads;

    public FederatedSimulator(PreparedExperiment run, IEnumerable<IRunObserver> observers, int clientThreads = 1)
    {
        _run = run;
        _observers = observers.ToArray();
        _clientThreads = Math.Max(1, clientThreads);
    }

    /// <summary>The server strategy of the spec's algorithm.</summary>
    public static IFederatedStrategy CreateStrategy(ExperimentSpec spec) => spec.Algorithm.CreateStrategy(spec);

    /// <summary>Runs (or resumes from <paramref name="resume"/>) to the last round.</summary>
    public RunSummary Run(RunCheckpoint? resume = null, CancellationToken cancel = default)
    {
        try
        {
            var summary = !_run.Spec.Algorithm.Trains ? RunManual(cancel) : RunFederated(resume, cancel);
            Notify(o => o.OnRunFinished(summary));
            return summary;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            Notify(o => o.OnRunFailed(e));
            throw;
        }
    }

    private RunSummary RunFederated(RunCheckpoint? resume, CancellationToken cancel)
    {
        var spec = _run.Spec;
        var strategy = CreateStrategy(spec);
        var clock = Stopwatch.StartNew();
        double zeroShot = resume?.ZeroShotAccuracy ?? ZeroShotAccuracy();
        int start = 0;
        PromptSnapshot? best = null, final = null;
        long queries = 0, bytesUp = 0, bytesDown = 0;
        double priorSeconds = 0;
        if (resume is not null)
        {
            strategy.LoadState(resume.StrategyState);
            (start, best, final, queries, bytesUp, bytesDown, priorSeconds) =
                (resume.CompletedRounds, resume.Best, resume.Final, resume.LmQueries, resume.BytesUp, resume.BytesDown, resume.WallSeconds);
        }

        Notify(o => o.OnRunStarted(new RunStarted(start, spec.NumRounds, zeroShot, _run.Test?.Count ?? 0, _run.TestDropped,
            _run.LabelCounts, strategy.Describe(), _run.DeviceDescription)));
        var clients = _run.Clients.Select(c => new FederatedClient(_run, c)).ToArray();

        for (int round = start; round < spec.NumRounds; round++)
        {
            cancel.ThrowIfCancellationRequested();
            Notify(o => o.OnRoundStarted(round));
            var global = strategy.ConfigureTrain(round);
            double? accuracy = Evaluate(global.Mean, ref queries);
            var snapshot = new PromptSnapshot(round, accuracy, global.Mean);
            final = snapshot;
            if (BestRound.Improves(accuracy, best?.Accuracy)) best = snapshot;

            // The in-process transport: every message really is encoded and decoded, so the byte
            // counts are those of this implementation's payloads.
            var downlink = global.Encode();
            var search = strategy.LocalSearch;
            var updates = new ClientUpdateMessage[clients.Length];
            var results = new ClientRound[clients.Length];
            long roundUp = 0;
            ClientDispatch.ForEach(clients.Length, _run.Lanes.Count, _clientThreads, cancel, c =>
            {
                var received = GlobalModelMessage.Decode(downlink);
                var update = clients[c].Train(received, search, cancel, out long sequences);
                var uplink = update.Encode();
                Interlocked.Add(ref roundUp, uplink.Length);
                updates[c] = ClientUpdateMessage.Decode(uplink);
                results[c] = new ClientRound(c, update.Fitness, update.SigmaAfterLastStep, update.Examples, sequences);
                Notify(o => o.OnClientCompleted(round, results[c]));
            });
            cancel.ThrowIfCancellationRequested();
            strategy.AggregateTrain(round, updates);

            long roundDown = (long)downlink.Length * clients.Length;
            queries += results.Sum(r => r.LmQueries);
            bytesUp += roundUp;
            bytesDown += roundDown;
            double seconds = priorSeconds + clock.Elapsed.TotalSeconds;
            var checkpoint = new RunCheckpoint(round + 1, strategy.SaveState(), best, final, queries, bytesUp, bytesDown, seconds, zeroShot);
            var fitness = updates.Select(u => u.Fitness).ToArray();
            var record = new RoundRecord
            {
                Round = round,
                GlobalTestAccuracy = accuracy,
                TrainFitnessMean = fitness.Average(),
                TrainFitnessMin = fitness.Min(),
                TrainFitnessMax = fitness.Max(),
                Sigma = global.Sigma,
                LmQueries = queries,
                BytesUp = roundUp,
                BytesDown = roundDown,
                WallSeconds = seconds,
                Clients = results,
            };
            var result = new CompletedRound(record, best, final, checkpoint);
            Notify(o => o.OnRoundCompleted(result));
        }

        return new RunSummary(best?.Accuracy, best?.Round, final?.Accuracy, zeroShot, spec.NumRounds,
            priorSeconds + clock.Elapsed.TotalSeconds, queries, best, final ?? new PromptSnapshot(0, null, new double[spec.IntrinsicDim]));
    }

    /// <summary>An algorithm that trains nothing (the manual prompt): one evaluation of the plain template.</summary>
    private RunSummary RunManual(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        double accuracy = ZeroShotAccuracy();
        long queries = _run.ZeroShotTest.Count;
        Notify(o => o.OnRunStarted(new RunStarted(0, _run.Spec.EffectiveRounds, accuracy, _run.ZeroShotTest.Count, _run.TestDropped, _run.LabelCounts,
            "Manual prompt (zero-shot, no tuning)", _run.DeviceDescription)));
        cancel.ThrowIfCancellationRequested();
        var z = new double[_run.Spec.IntrinsicDim];
        var snapshot = new PromptSnapshot(0, accuracy, z);
        double seconds = clock.Elapsed.TotalSeconds;
        var checkpoint = new RunCheckpoint(1, [], snapshot, snapshot, queries, 0, 0, seconds, accuracy);
        // Nothing trains: fitness and σ are stored as 0, as before (the trackers skip them, RoundColumn.TrainedOnly).
        var record = new RoundRecord
        {
            Round = 0, GlobalTestAccuracy = accuracy, TrainFitnessMean = 0, TrainFitnessMin = 0, TrainFitnessMax = 0, Sigma = 0,
            LmQueries = queries, BytesUp = 0, BytesDown = 0, WallSeconds = seconds,
        };
        Notify(o => o.OnRoundCompleted(new CompletedRound(record, snapshot, snapshot, checkpoint)));
        return new RunSummary(accuracy, 0, accuracy, accuracy, _run.Spec.EffectiveRounds, seconds, queries, snapshot, snapshot);
    }

    /// <summary>Global test metric of <paramref name="z"/>, or null when no client evaluates.</summary>
    private double? Evaluate(double[] z, ref long queries)
    {
        if (_run.Test is null) return null;
        using var prompt = _run.Projection!.Project([z]);
        var score = _run.Scorer.Score(prompt, _run.Test, metric: _run.Task.ScoreMetric);
        queries += _run.Test.Count;
        return score[0].Metric;
    }

    private double ZeroShotAccuracy() =>
        _run.ZeroShotScorer.Score(null, _run.ZeroShotTest, metric: _run.Task.ScoreMetric)[0].Metric;

    private void Notify(Action<IRunObserver> call)
    {
        foreach (var o in _observers) call(o);
    }
}
