using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;

namespace FedBpt.Web.Jobs;

/// <summary>
/// At start-up, re-queues every run that should be going but has no job: those a previous process left Running
/// (they resume from their checkpoint, at once when their lease holder is a process
/// on this machine that is gone, else when the lease expires) and Pending ones whose job was lost. Hangfire's in-memory storage forgets
/// its jobs on restart; our database does not (docs/adr/0003-hangfire-storage.md).
/// </summary>
public sealed partial class RunRecovery(ExperimentStore store, ExperimentScheduler scheduler, ILogger<RunRecovery> logger) : IHostedService
{
    private const int PageSize = 200;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<Experiment>(await store.ListRunningAsync(cancellationToken));
        candidates.AddRange((await ListPendingAsync(cancellationToken)).OrderBy(e => e.Id)); // oldest first, as they were queued

        int requeued = 0;
        foreach (var experiment in candidates)
        {
            if (scheduler.HasLiveJob(experiment.HangfireJobId)) continue;
            if (experiment.Status == ExperimentStatus.Running && RunOwner.IsDeadLocalProcess(experiment.LeaseOwner))
            {
                // Its holder died with the previous service on this machine: resume now, not when the lease expires.
                await store.ReleaseLeaseAsync(experiment.Id, experiment.LeaseOwner!, cancellationToken);
                LogReleased(experiment.Id, experiment.LeaseOwner!);
            }
            await scheduler.EnqueueAsync(experiment.Id, cancellationToken);
            LogRequeued(experiment.Id, experiment.Status, experiment.RoundsCompleted);
            requeued++;
        }
        if (requeued > 0) LogSummary(requeued);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<List<Experiment>> ListPendingAsync(CancellationToken cancellationToken)
    {
        // The page rows omit the job id, so each pending experiment is read in full (there are few).
        var pending = new List<Experiment>();
        for (int skip = 0; ; skip += PageSize)
        {
            var page = await store.ListAsync(skip, PageSize, ExperimentStatus.Pending, cancellationToken);
            foreach (var item in page.Items)
            {
                if (await store.GetAsync(item.Id, cancellationToken) is { } experiment) pending.Add(experiment);
            }
            if (skip + PageSize >= page.TotalCount) return pending;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-queued experiment {ExperimentId} ({Status}, {Rounds} round(s) stored)")]
    private partial void LogRequeued(int experimentId, ExperimentStatus status, int rounds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId}: its lease holder {Owner} is no longer running; taking the run over now")]
    private partial void LogReleased(int experimentId, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up recovery re-queued {Count} experiment(s)")]
    private partial void LogSummary(int count);
}
