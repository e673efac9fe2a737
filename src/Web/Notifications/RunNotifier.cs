using System.Collections.Immutable;

namespace FedBpt.Web.Notifications;

/// <summary>
/// In-process push of run progress to open pages (eShop's notification-service pattern): a job publishes, a page
/// subscribes to one experiment or to all of them and disposes its subscription when it goes away. Handlers run
/// on the publisher's thread (a job's worker), so they must be quick and marshal to their own context
/// (a Blazor component calls InvokeAsync). A failing handler is logged and never breaks the run.
/// </summary>
public sealed partial class RunNotifier(ILogger<RunNotifier> logger)
{
    private const int AnyExperiment = -1;
    private readonly Lock _lock = new();
    private ImmutableDictionary<int, ImmutableList<Action<RunEvent>>> _handlers = ImmutableDictionary<int, ImmutableList<Action<RunEvent>>>.Empty;
    private ImmutableList<Action<DownloadUpdate>> _downloads = [];

    /// <summary>Events of one experiment.</summary>
    public IDisposable Subscribe(int experimentId, Action<RunEvent> handler)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(experimentId);
        return Add(experimentId, handler);
    }

    /// <summary>Events of every experiment (the runs list: "something changed, refresh").</summary>
    public IDisposable SubscribeAll(Action<RunEvent> handler) => Add(AnyExperiment, handler);

    public void Publish(RunEvent e)
    {
        var handlers = _handlers; // an immutable snapshot: subscribing during a publish is safe
        foreach (var key in new[] { e.ExperimentId, AnyExperiment })
        {
            if (!handlers.TryGetValue(key, out var list)) continue;
            foreach (var handler in list)
            {
                try
                {
                    handler(e);
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(ex, e.ExperimentId, e.Kind);
                }
            }
        }
    }

    /// <summary>
    /// Hub downloads (a run's, before its first round, and the Models page's): their own channel, so that pages that
    /// refresh on every run event are not woken several times a second by a download.
    /// </summary>
    public IDisposable SubscribeDownloads(Action<DownloadUpdate> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock) _downloads = _downloads.Add(handler);
        return new DownloadSubscription(this, handler);
    }

    public void PublishDownload(DownloadUpdate update)
    {
        foreach (var handler in _downloads)
        {
            try
            {
                handler(update);
            }
            catch (Exception ex)
            {
                LogDownloadHandlerFailed(ex, update.Progress.Repo);
            }
        }
    }

    private Subscription Add(int key, Action<RunEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _handlers = _handlers.SetItem(key, _handlers.GetValueOrDefault(key, []).Add(handler));
        }
        return new Subscription(this, key, handler);
    }

    private void Remove(int key, Action<RunEvent> handler)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(key, out var list)) return;
            list = list.Remove(handler);
            _handlers = list.IsEmpty ? _handlers.Remove(key) : _handlers.SetItem(key, list);
        }
    }

    private sealed class Subscription(RunNotifier owner, int key, Action<RunEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(key, handler);
        }
    }

    private sealed class DownloadSubscription(RunNotifier owner, Action<DownloadUpdate> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (owner._lock) owner._downloads = owner._downloads.Remove(handler);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A download-progress handler failed for {Repo}")]
    private partial void LogDownloadHandlerFailed(Exception exception, string repo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A run-event handler failed for experiment {ExperimentId} ({Kind})")]
    private partial void LogHandlerFailed(Exception exception, int experimentId, RunEventKind kind);
}
