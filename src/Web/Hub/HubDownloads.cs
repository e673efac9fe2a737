using System.Collections.Concurrent;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tasks;
using FedBpt.Web.Components.Runs;
using FedBpt.Web.Notifications;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Hub;

/// <summary>
/// The web app's downloads from the Hub, with their progress published through <see cref="RunNotifier"/>: a run's
/// model and data before its first round (to the run page), and what the Models &amp; data page's "Add from the Hub"
/// asks for (to that page). Page downloads run one at a time (a second request for the same name joins the first)
/// and can be cancelled; the cache's lock file keeps every file to one download across runs and processes.
/// </summary>
public sealed partial class HubDownloads(HubAccess hub, IOptions<FedBptOptions> options, RunNotifier notifier, ILogger<HubDownloads> logger)
{
    private readonly ConcurrentDictionary<string, Added> _adding = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _onePageDownload = new(1, 1);

    /// <summary>The names being added from the Models page now.</summary>
    public IReadOnlyCollection<string> Adding => _adding.Keys.ToArray();

    /// <summary>A run's model: a model-root folder, or the Hub's (downloaded now if the cache lacks it).</summary>
    public Task<ResolvedModel> ModelAsync(string name, int experimentId, CancellationToken cancellationToken) =>
        hub.Models.ResolveAsync(name, Reporter(experimentId), cancellationToken);

    /// <summary>A run's task with the splits no data root has taken from the Hub.</summary>
    public Task<ResolvedTask> TaskDataAsync(TaskDefinition task, int experimentId, CancellationToken cancellationToken) =>
        hub.Datasets.ResolveAsync(task, ContentRoots.Data(options.Value).Configured, Reporter(experimentId), cancellationToken);

    /// <summary>
    /// Downloads a model (<c>org/name[@revision]</c>) or a built-in task's dataset into the cache, asking the Hub for
    /// the latest commit; returns what happened in a sentence. Failures are <see cref="HubException"/> or
    /// <see cref="ArgumentException"/> (a name that is neither).
    /// </summary>
    public Task<string> AddAsync(string name, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        var added = _adding.GetOrAdd(name, n => new Added(n, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)));
        lock (added)
        {
            added.Task ??= RunAddAsync(added);
            return added.Task;
        }
    }

    /// <summary>Stops a download started from the Models page; false when there is none of that name.</summary>
    public bool Cancel(string name)
    {
        if (!_adding.TryGetValue(name.Trim(), out var added)) return false;
        added.Cancel.Cancel();
        return true;
    }

    private async Task<string> RunAddAsync(Added added)
    {
        try
        {
            await _onePageDownload.WaitAsync(added.Cancel.Token);
            try
            {
                return await DownloadAsync(added.Name, added.Cancel.Token);
            }
            finally
            {
                _onePageDownload.Release();
            }
        }
        finally
        {
            _adding.TryRemove(added.Name, out _);
            added.Cancel.Dispose();
        }
    }

    private async Task<string> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var progress = Reporter(null);
        if (TaskCatalog.TryGet(name, out var task) && HubDatasetSource.Of(task.Name) is not null)
        {
            var splits = await hub.Datasets.DownloadAsync(task, progress, cancellationToken);
            var message = $"Task {task.Name}: " + string.Join("; ", splits.Select(s => $"{s.Split} {Describe(s.Repo, s.Commit, s.DownloadedFiles, s.DownloadedBytes)}"));
            LogAdded(message);
            return message;
        }
        if (hub.Models.FindLocal(name) is { } local) return $"'{name}' is a folder in the model roots ({local}); nothing to download.";
        var model = await hub.Models.ResolveAsync(name, progress, cancellationToken, refresh: true);
        var result = $"Model {name}: {Describe(model.Repo!, model.Commit!, model.DownloadedFiles, model.DownloadedBytes)}.";
        LogAdded(result);
        return result;
    }

    /// <summary>How a Hub download went, in words (log lines and the Models page).</summary>
    public static string Describe(HubRepo repo, string commit, int files, long bytes) =>
        files == 0
            ? $"in the Hugging Face cache ({repo.Id}@{commit[..7]}), nothing downloaded"
            : $"downloaded {files} file(s), {Units.Bytes(bytes)}, from the Hub ({repo.Id}@{commit[..7]})";

    private ProgressPublisher Reporter(int? experimentId) => new(notifier, experimentId);

    /// <summary>Publishes on the downloading thread (not posted to the pool, which would reorder and outlive the download).</summary>
    private sealed class ProgressPublisher(RunNotifier notifier, int? experimentId) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => notifier.PublishDownload(new DownloadUpdate(experimentId, value));
    }

    private sealed class Added(string name, CancellationTokenSource cancel)
    {
        public string Name { get; } = name;
        public CancellationTokenSource Cancel { get; } = cancel;
        public Task<string>? Task { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added from the Hub: {Message}")]
    private partial void LogAdded(string message);
}
