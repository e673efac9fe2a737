using System.Globalization;
using System.Text.Json;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Jobs;

/// <summary>
/// Persists what the engine reports and tells the open pages. The engine calls observers synchronously on the
/// run's thread (a Hangfire worker), so blocking on the store here is intended: a round is durable, checkpoint
/// included, before the next one starts, which is what resuming after a restart relies on. Writes the database
/// refuses are retried (<see cref="StoreRetry"/>); one refused for the whole window ends the run resumable.
/// </summary>
internal sealed class RoundRecorder(
    int experimentId,
    ExperimentSpec spec,
    IReadOnlyList<string> labelWords,
    ExperimentStore store,
    RunNotifier notifier,
    RunLease lease,
    StoreRetry writes) : IRunObserver
{
    private int _numRounds = spec.EffectiveRounds;

    public void OnRunStarted(RunStarted info)
    {
        _numRounds = info.NumRounds; // the engine's count (the manual baseline: one round)
        var labels = LabelDistributionJson(info.LabelCounts);
        writes.Run("Storing the label distribution", ct => store.SetLabelDistributionAsync(experimentId, labels, ct));
        writes.Run("Storing the zero-shot accuracy", ct => store.SetZeroShotAccuracyAsync(experimentId, info.ZeroShotAccuracy, ct));
        var message = info.StartRound == 0
            ? $"Started: {info.Strategy} on {info.Device}, {info.NumRounds} rounds. Zero-shot accuracy {F(info.ZeroShotAccuracy)} "
              + $"on {info.TestExamples} test examples ({info.TestDropped} too long, dropped)."
            : $"Resuming from round {info.StartRound + 1} of {info.NumRounds} (checkpoint after round {info.StartRound}) on {info.Device}.";
        writes.Run("Writing the log", ct => store.AppendLogAsync(experimentId, LogLevel.Information, message, ct));
        notifier.Publish(new RunEvent(experimentId, RunEventKind.Started, ExperimentStatus.Running, Message: message));
    }

    public void OnRoundCompleted(CompletedRound completed)
    {
        var r = completed.Record;
        writes.Run("Renewing the run lease", _ =>
        {
            lease.RenewOrThrow();
            return Task.CompletedTask;
        });
        // Storage keeps the document as the Final prompt, and as the Best one when the round's accuracy is a new best.
        var write = new RoundWrite(r, PromptDocument.From(spec, "final", completed.Final).ToJson(), completed.Checkpoint.ToBytes());
        writes.Run($"Storing round {r.Round + 1}", ct => store.RecordRoundAsync(experimentId, write, ct));

        var message = $"Round {r.Round + 1}/{_numRounds}: accuracy {F(r.GlobalTestAccuracy)}, fitness {F(r.TrainFitnessMean)} "
                      + $"[{F(r.TrainFitnessMin)}, {F(r.TrainFitnessMax)}], sigma {F(r.Sigma)}, {r.LmQueries} LM queries, {r.WallSeconds:F1} s.";
        writes.Run("Writing the log", ct => store.AppendLogAsync(experimentId, LogLevel.Information, message, ct));
        notifier.Publish(new RunEvent(experimentId, RunEventKind.RoundCompleted, ExperimentStatus.Running, message));
    }

    /// <summary>Client × class counts with the class names, as the run page shows them.</summary>
    private string LabelDistributionJson(LabelCountTable table) =>
        JsonSerializer.Serialize(new
        {
            labels = labelWords,
            clients = Enumerable.Range(0, table.NumClients)
                .Select(c => Enumerable.Range(0, table.NumClasses).Select(k => table[c, k]).ToArray())
                .ToArray(),
        });

    private static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "n/a";
}
