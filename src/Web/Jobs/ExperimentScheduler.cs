using FedBpt.Storage;
using FedBpt.Storage.Experiments;
using Hangfire;
using Hangfire.States;

namespace FedBpt.Web.Jobs;

/// <summary>Puts experiment runs on the engine queue and takes them off again; the API and start-up recovery use it.</summary>
public sealed class ExperimentScheduler(IBackgroundJobClient jobs, JobStorage storage, ExperimentStore store, ActiveRuns activeRuns)
{
    private static readonly HashSet<string> LiveStates =
        [EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    /// <summary>
    /// Queues a run on the queue it names (<c>FedBpt:Queues</c>) or the shared one, and records its job id (the job
    /// itself does not depend on it, so the order cannot race).
    /// </summary>
    public async Task<string> EnqueueAsync(int experimentId, CancellationToken cancellationToken = default)
    {
        var queue = await QueueOfAsync(experimentId, cancellationToken);
        return await RecordAsync(experimentId, jobs.Enqueue<ExperimentJob>(queue, j => j.RunAsync(experimentId, CancellationToken.None)), cancellationToken);
    }

    /// <summary>Tries the run again later: used when another worker's lease has not expired yet.</summary>
    public async Task<string> ScheduleAsync(int experimentId, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var queue = await QueueOfAsync(experimentId, cancellationToken);
        return await RecordAsync(experimentId, jobs.Schedule<ExperimentJob>(queue, j => j.RunAsync(experimentId, CancellationToken.None), delay), cancellationToken);
    }

    private async Task<string> QueueOfAsync(int experimentId, CancellationToken cancellationToken) =>
        (await store.GetAsync(experimentId, cancellationToken))?.Queue ?? JobQueues.Engine;

    /// <summary>
    /// Tries a run again after the database refused its writes. The job id is recorded if the database lets it; the
    /// job does not need it, and a cancel in the meantime is seen by the job in the run's status.
    /// </summary>
    public async Task ScheduleRetryAsync(int experimentId, TimeSpan delay)
    {
        var jobId = jobs.Schedule<ExperimentJob>(JobQueues.Engine, j => j.RunAsync(experimentId, CancellationToken.None), delay);
        try
        {
            await store.SetHangfireJobIdAsync(experimentId, jobId, CancellationToken.None);
        }
        catch (Exception e) when (StoreFaults.IsTransient(e))
        {
        }
    }

    /// <summary>Stops a run: trips its token if it runs here, and deletes its job so that a queued one never starts.</summary>
    public void Stop(int experimentId, string? jobId)
    {
        activeRuns.Cancel(experimentId);
        if (jobId is not null) jobs.Delete(jobId);
    }

    /// <summary>Whether the job storage still holds <paramref name="jobId"/> waiting or running.</summary>
    public bool HasLiveJob(string? jobId)
    {
        if (jobId is null) return false;
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State is { } state && LiveStates.Contains(state);
    }

    private async Task<string> RecordAsync(int experimentId, string jobId, CancellationToken cancellationToken)
    {
        await store.SetHangfireJobIdAsync(experimentId, jobId, cancellationToken);
        return jobId;
    }
}
