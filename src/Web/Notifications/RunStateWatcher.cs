using FedBpt.Storage.Experiments;

namespace FedBpt.Web.Notifications;

/// <summary>
/// Live pages for runs that other processes execute. A job publishes its events in its own process only; when
/// workers elsewhere share the database (role <c>web</c>, or <c>all</c> next to workers), this service reads every
/// run's status and round count every <see cref="Interval"/> and publishes what changed, so the dashboard's pages
/// refresh from the store as they do for local runs. An event this process also published itself arrives twice;
/// pages treat events as signals and read by round, so that is harmless.
/// </summary>
public sealed partial class RunStateWatcher(ExperimentStore store, RunNotifier notifier, TimeSpan interval, ILogger<RunStateWatcher> logger)
    : BackgroundService
{
    public TimeSpan Interval { get; } = interval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Dictionary<int, RunState>? last = null;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do last = await ReadAsync(last, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One reading: publishes the changes since <paramref name="last"/> (none on the first) and returns the new reading.</summary>
    private async Task<Dictionary<int, RunState>?> ReadAsync(Dictionary<int, RunState>? last, CancellationToken cancel)
    {
        try
        {
            var now = await store.ListRunStatesAsync(cancel);
            if (last is not null)
                foreach (var e in RunStateChanges.Between(last, now)) notifier.Publish(e);
            return now.ToDictionary(r => r.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            // The database may be away for a while (a restart); keep the last reading and try again.
            LogReadFailed(e);
            return last;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the runs' states for live pages failed; trying again")]
    private partial void LogReadFailed(Exception exception);
}
