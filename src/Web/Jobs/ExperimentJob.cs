using System.Globalization;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;
using FedBpt.Storage;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Hub;
using FedBpt.Web.Common;
using FedBpt.Web.Notifications;
using FedBpt.Web.Runtime;
using FedBpt.Web.Tracking;
using Hangfire;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Jobs;

/// <summary>
/// One experiment run, as a Hangfire job. Hangfire delivers at least once and may stop a job at any moment, so the
/// job is re-entrant: the run lease turns a duplicate delivery away, and a run that starts again resumes from the
/// checkpoint of its last stored round. Our database, not Hangfire's, says what state a run is in. When the
/// database refuses the run's writes past the retry window, the job gives its lease back, records why in
/// <see cref="SuspendedRuns"/> and schedules itself again, until the database takes writes and the run resumes.
/// </summary>
[AutomaticRetry(Attempts = 0)] // a failure is reported, not re-run blindly (a CUDA OOM would only recur); restarts resume instead
[CaptureJobId]
public sealed partial class ExperimentJob(
    ExperimentStore store,
    ModelCache models,
    TaskResolver tasks,
    HubDownloads downloads,
    IOptions<FedBptOptions> options,
    ExperimentScheduler scheduler,
    ActiveRuns activeRuns,
    RunNotifier notifier,
    RunTrackers trackers,
    SuspendedRuns suspended,
    StoreHealth health,
    ServerPaths paths,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ExperimentJob> logger)
{
    /// <summary>Runs (or resumes) the experiment to its last round. Takes only the id: the spec lives in the database.</summary>
    public async Task RunAsync(int experimentId, CancellationToken cancellationToken)
    {
        using var registration = activeRuns.TryRegister(experimentId);
        if (registration is null)
        {
            LogAlreadyRunning(experimentId);
            return;
        }
        var owner = RunOwner.ForJob(CaptureJobIdAttribute.Current);
        try
        {
            await RunRegisteredAsync(experimentId, owner, registration, cancellationToken);
        }
        catch (ExperimentNotFoundException)
        {
            suspended.Resume(experimentId);
            LogDeleted(experimentId); // deleted while it waited or ran: nothing left to record
        }
        catch (Exception e) when (StoreFaults.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            // The database refused to say or record how the run stands (before it started, or as it ended): wait for it.
            await SuspendAsync(experimentId, owner, e);
        }
    }

    private async Task RunRegisteredAsync(int id, string owner, ActiveRuns.Registration registration, CancellationToken hangfireToken)
    {
        var experiment = await store.GetAsync(id, hangfireToken) ?? throw new ExperimentNotFoundException(id);
        if (ExperimentStatusTransitions.IsFinal(experiment.Status))
        {
            suspended.Resume(id);
            return;
        }

        ExperimentSpec spec;
        string device;
        try
        {
            spec = ExperimentSpec.FromStoredJson(experiment.SpecJson).Normalized().EnsureValid();
            device = models.DeviceDescription;
        }
        catch (Exception e)
        {
            await FailAsync(id, e);
            return;
        }

        // An earlier attempt in this process gave up writing and may not have managed to give its lease back either.
        if (suspended.LeaseOwnerOf(id) is { } previous && previous != owner) await store.ReleaseLeaseAsync(id, previous, hangfireToken);
        switch (await store.TryStartAsync(id, owner, RunLease.Duration, device, hangfireToken))
        {
            case StartOutcome.AlreadyFinished:
                suspended.Resume(id);
                return;
            case StartOutcome.LeaseHeldByOther when !await TakeOverFromDeadLocalWorkerAsync(id, owner, device, hangfireToken):
                await RetryAfterLeaseAsync(id);
                return;
        }
        if (suspended.Resume(id) is { } waited)
        {
            await store.AppendLogAsync(id, LogLevel.Warning,
                $"The database refused writes from {waited.SinceUtc:yyyy-MM-dd HH:mm:ss} UTC ({waited.Reason}); it takes them again, "
                + "and the run resumes from its last stored round.", hangfireToken);
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(hangfireToken, registration.Token);
        await using var lease = new RunLease(store, id, owner, run, logger);
        try
        {
            var summary = await ExecuteAsync(id, spec, lease, run.Token);
            await store.CompleteAsync(id, owner, CancellationToken.None);
            var accuracy = summary.BestAccuracy is null
                ? "no test evaluation"
                : $"best accuracy {F(summary.BestAccuracy)} (round {summary.BestRound + 1}), final {F(summary.FinalAccuracy)}";
            await ReportAsync(id, RunEventKind.Completed, ExperimentStatus.Completed, LogLevel.Information,
                $"Completed: {accuracy}, zero-shot {F(summary.ZeroShotAccuracy)}, {summary.LmQueries} LM queries, {summary.WallSeconds:F1} s.");
        }
        catch (Exception e)
        {
            bool stopRequested = hangfireToken.IsCancellationRequested || registration.CancelRequested;
            if (!stopRequested && !lease.Lost && StoreFaults.IsTransient(e))
            {
                await SuspendAsync(id, owner, e);
                return;
            }
            await EndEarlyAsync(id, owner, lease, e, stopRequested);
        }
    }

    /// <summary>Fetches what the Hub must supply, then runs the rounds (<see cref="ExperimentRunner"/>, the model from the cache) on a dedicated thread.</summary>
    private async Task<RunSummary> ExecuteAsync(int id, ExperimentSpec spec, RunLease lease, CancellationToken cancel)
    {
        var checkpoint = await store.GetCheckpointAsync(id, cancel);
        var resume = checkpoint is null ? null : RunCheckpoint.FromBytes(checkpoint.State);
        var settings = options.Value;
        var task = await tasks.FindAsync(spec.Task, cancel)
            ?? throw new InvalidOperationException($"Task '{spec.Task}' is no longer available: its dataset was deleted.");
        task = await FetchFromHubAsync(id, spec, task, cancel);
        await using var tracking = await trackers.BeginAsync(id, spec, cancel);
        // The engine is synchronous and may compute for hours: give it its own thread rather than a pool thread.
        return await Task.Factory.StartNew(() =>
        {
            var writes = new StoreRetry(id, TimeSpan.FromSeconds(settings.StoreRetrySeconds), health, time, logger, cancel);
            return ExperimentRunner.Run(spec, task, settings, ContentRoots.Data(settings).Configured,
                (lane, _) =>
                {
                    var model = models.Acquire(spec.Model, lane);
                    return (model.Assets, model);
                },
                prepared => [.. tracking.Observers, new RoundRecorder(id, prepared.Spec, task.LabelWords, store, notifier, lease, writes)],
                resume, cancel: cancel);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Takes from the Hub what the model and data roots lack, before the first round: the progress goes to the run page,
    /// and the log says what was downloaded and what came from the cache.
    /// </summary>
    private async Task<TaskDefinition> FetchFromHubAsync(int id, ExperimentSpec spec, TaskDefinition task, CancellationToken cancel)
    {
        var data = await downloads.TaskDataAsync(task, id, cancel);
        foreach (var split in data.FromHub)
        {
            await store.AppendLogAsync(id, LogLevel.Information,
                $"Data {task.Name} {split.Split}: {HubDownloads.Describe(split.Repo, split.Commit, split.DownloadedFiles, split.DownloadedBytes)}.", cancel);
        }
        var model = await downloads.ModelAsync(spec.Model, id, cancel);
        if (model.FromHub)
        {
            await store.AppendLogAsync(id, LogLevel.Information,
                $"Model {spec.Model}: {HubDownloads.Describe(model.Repo!, model.Commit!, model.DownloadedFiles, model.DownloadedBytes)}.", cancel);
        }
        return data.Task;
    }

    /// <summary>Records why the run stopped (<see cref="StopReasons.Classify"/>): cancelled, interrupted, taken over, or failed.</summary>
    private async Task EndEarlyAsync(int id, string owner, RunLease lease, Exception error, bool stopRequested)
    {
        var status = (await store.GetAsync(id, CancellationToken.None))?.Status ?? throw new ExperimentNotFoundException(id);
        switch (StopReasons.Classify(status, lease.Lost, IsCancellation(error), stopRequested, lifetime.ApplicationStopping.IsCancellationRequested))
        {
            case StopReason.Cancelled:
                await ReportAsync(id, RunEventKind.Cancelled, status, LogLevel.Warning, "Cancelled; the rounds so far and their prompts are kept.");
                return;
            case StopReason.AlreadyEnded:
                return;
            case StopReason.LeaseLost:
                LogLeaseLost(id, owner);
                return;
            case StopReason.Interrupted:
                await store.ReleaseLeaseAsync(id, owner, CancellationToken.None);
                await ReportAsync(id, RunEventKind.Interrupted, ExperimentStatus.Running, LogLevel.Warning,
                    "Interrupted: the service is stopping. The run resumes from its last stored round on the next start.");
                return;
            case StopReason.JobDeleted:
                await store.CancelAsync(id, CancellationToken.None);
                await ReportAsync(id, RunEventKind.Cancelled, ExperimentStatus.Cancelled, LogLevel.Warning, "Cancelled: its job was deleted.");
                return;
            default:
                await FailAsync(id, error);
                return;
        }
    }

    private async Task FailAsync(int id, Exception error)
    {
        var cause = error is AggregateException { InnerExceptions.Count: > 0 } a ? a.Flatten().InnerExceptions[0] : error;
        LogFailed(cause, id);
        // Shown to users of the API and the run page: files are named by their configured root, not the server's paths.
        var reason = paths.Redact(cause.Message);
        try
        {
            await store.FailAsync(id, reason, CancellationToken.None);
        }
        catch (ExperimentStateException)
        {
            return; // it ended otherwise in the meantime (cancelled, say): that status stands
        }
        await ReportAsync(id, RunEventKind.Failed, ExperimentStatus.Failed, LogLevel.Error, $"Failed: {reason}");
    }

    /// <summary>
    /// The database refused the run's writes for the whole retry window: give the lease back (if the database lets
    /// us; else the next attempt does, or it expires), say why, and try again later. The run stays Running and
    /// resumes from its last stored round, exactly as after a restart.
    /// </summary>
    private async Task SuspendAsync(int id, string owner, Exception fault)
    {
        var retryIn = TimeSpan.FromSeconds(Math.Min(30, options.Value.StoreRetrySeconds));
        var now = time.GetUtcNow().UtcDateTime;
        var reason = fault is StoreWriteFailedException ? fault.Message : StoreFaults.Describe(fault);
        suspended.Suspend(id, owner, reason, now, now + retryIn);
        try
        {
            await store.ReleaseLeaseAsync(id, owner, CancellationToken.None);
        }
        catch (Exception e) when (StoreFaults.IsTransient(e))
        {
            // Still refused: the next attempt releases it first (SuspendedRuns remembers the owner).
        }
        LogSuspended(fault, id, reason, retryIn);
        notifier.Publish(new RunEvent(id, RunEventKind.Suspended, ExperimentStatus.Running,
            Message: $"Waiting for the database: {reason} The run resumes from its last stored round once it takes writes again."));
        await scheduler.ScheduleRetryAsync(id, retryIn);
    }

    /// <summary>
    /// A worker on this machine that was killed mid-run (its process is gone) cannot renew its lease: take the run
    /// over now instead of when the lease expires. True when this job now holds the lease.
    /// </summary>
    private async Task<bool> TakeOverFromDeadLocalWorkerAsync(int id, string owner, string device, CancellationToken cancel)
    {
        var holder = (await store.GetAsync(id, cancel))?.LeaseOwner;
        if (!RunOwner.IsDeadLocalProcess(holder)) return false;
        await store.ReleaseLeaseAsync(id, holder!, cancel);
        if (await store.TryStartAsync(id, owner, RunLease.Duration, device, cancel) != StartOutcome.Started) return false;
        await store.AppendLogAsync(id, LogLevel.Warning, $"Worker {holder} is gone; {owner} takes the run over.", cancel);
        return true;
    }

    private async Task RetryAfterLeaseAsync(int id)
    {
        var current = await store.GetAsync(id, CancellationToken.None) ?? throw new ExperimentNotFoundException(id);
        var left = (current.LeaseExpiresUtc ?? time.GetUtcNow().UtcDateTime) - time.GetUtcNow().UtcDateTime;
        // A crashed worker's lease blocks until it expires; a live worker keeps renewing and this retry finds it busy again.
        var delay = TimeSpan.FromSeconds(Math.Max(1, left.TotalSeconds) + 5);
        await scheduler.ScheduleAsync(id, delay);
        LogLeaseHeld(id, current.LeaseOwner, delay);
    }

    private async Task ReportAsync(int id, RunEventKind kind, ExperimentStatus status, LogLevel level, string message)
    {
        await store.AppendLogAsync(id, level, message, CancellationToken.None);
        notifier.Publish(new RunEvent(id, kind, status, Message: message));
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException
        || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException));

    private static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "n/a";

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId} is already running in this process; duplicate delivery ignored")]
    private partial void LogAlreadyRunning(int experimentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId} was deleted; its job ends")]
    private partial void LogDeleted(int experimentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId}: {Owner} lost the run lease; another worker continues the run")]
    private partial void LogLeaseLost(int experimentId, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId}: the run lease is held by {Owner}; retrying in {Delay}")]
    private partial void LogLeaseHeld(int experimentId, string? owner, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId} waits for the database, which refuses its writes ({Reason}); it tries again in {Delay}")]
    private partial void LogSuspended(Exception exception, int experimentId, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Experiment {ExperimentId} failed")]
    private partial void LogFailed(Exception exception, int experimentId);
}
