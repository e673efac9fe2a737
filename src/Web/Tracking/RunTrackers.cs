using System.Globalization;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tracking.Mlflow;
using FedBpt.Engine.Tracking.TensorBoard;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Tracking;

/// <summary>What the run page shows about a run's MLflow logging.</summary>
public sealed record MlflowRunState(int PendingRounds, Uri? RunPage);

/// <summary>
/// The service's experiment tracking: builds a run's trackers (TensorBoard events under
/// <c>FedBpt:TensorBoard:Directory</c>, MLflow when a tracking URI is configured) and keeps each MLflow tracker after its
/// run ends until its queue is delivered, so the run page can say how many rounds are still pending.
/// </summary>
public sealed class RunTrackers(IOptions<FedBptOptions> options, ExperimentStore store, ILoggerFactory loggers, TimeProvider time) : IAsyncDisposable, IDisposable
{
    /// <summary>How long a finished run's rounds are retried against an unreachable server before they are given up.</summary>
    public static readonly TimeSpan DeliveryWindow = TimeSpan.FromHours(1);

    private readonly ILogger _logger = loggers.CreateLogger("FedBpt.Tracking");
    private readonly Lazy<MlflowSettings?> _mlflow = new(() => MlflowSettings.Resolve(options.Value.Mlflow));
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(15) });
    private readonly Dictionary<int, List<MlflowTracker>> _active = [];
    private readonly Dictionary<int, MlflowRunState> _delivered = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Raised with the experiment id when its MLflow state changes (any thread).</summary>
    public event Action<int>? Changed;

    /// <summary>Queue options of new trackers (tests shorten the back-off).</summary>
    public MlflowQueueOptions QueueOptions { get; set; } = new();

    public bool MlflowEnabled => _mlflow.Value is not null;

    /// <summary>The folder that gets the experiments' event folders, or null when TensorBoard events are off.</summary>
    public string? TensorBoardRoot =>
        string.IsNullOrWhiteSpace(options.Value.TensorBoard.Directory)
            ? null
            : Path.GetFullPath(Path.Combine(options.Value.BasePath ?? Directory.GetCurrentDirectory(), options.Value.TensorBoard.Directory));

    /// <summary>An experiment's folder under <see cref="TensorBoardRoot"/> (it holds <c>tb_events/site-1/</c>).</summary>
    public string? TensorBoardFolder(Experiment experiment) =>
        TensorBoardRoot is { } root ? Path.Combine(root, TensorBoardLayout.ExperimentFolderName(experiment.Id, experiment.Name)) : null;

    /// <summary>The MLflow state of an experiment's run in this process, or null when none was logged here.</summary>
    public MlflowRunState? MlflowState(int experimentId)
    {
        lock (_active)
        {
            if (_active.TryGetValue(experimentId, out var trackers))
                return new MlflowRunState(trackers.Sum(t => t.PendingRounds), trackers[^1].RunPage);
            return _delivered.GetValueOrDefault(experimentId);
        }
    }

    /// <summary>The trackers of one run (or resumption) of an experiment; dispose when the run's thread returns.</summary>
    public async Task<RunTracking> BeginAsync(int experimentId, ExperimentSpec spec, CancellationToken cancel)
    {
        var experiment = await store.GetAsync(experimentId, cancel) ?? throw new ExperimentNotFoundException(experimentId);
        var observers = new List<IRunObserver>();
        if (TensorBoardFolder(experiment) is { } folder)
            observers.Add(new TensorBoardWriter(TensorBoardLayout.SiteFolder(folder), spec, _logger, time));

        MlflowTracker? tracker = null;
        if (_mlflow.Value is { } settings)
        {
            // The key is found again by a tag search when the run resumes, after a restart too; the creation time
            // keeps two databases' experiment 7 apart on one tracking server.
            var key = string.Create(CultureInfo.InvariantCulture, $"service-{experiment.Id}-{experiment.CreatedUtc:yyyyMMdd'T'HHmmssfff}");
            var identity = new MlflowRunIdentity(key, experiment.Name,
                new Dictionary<string, string> { ["fedbpt.experiment_id"] = experiment.Id.ToString(CultureInfo.InvariantCulture) });
            tracker = new MlflowTracker(new MlflowClient(_http.Value, settings), spec, identity, _logger, QueueOptions, time);
            tracker.Changed += () => Changed?.Invoke(experimentId);
            lock (_active)
            {
                if (!_active.TryGetValue(experimentId, out var list)) _active[experimentId] = list = [];
                list.Add(tracker);
            }
            observers.Add(tracker);
        }
        return new RunTracking(this, experimentId, observers, tracker);
    }

    /// <summary>Ends a run's trackers: KILLED when the user cancelled it, then the queue is delivered in the background.</summary>
    internal async Task EndAsync(int experimentId, MlflowTracker? tracker)
    {
        if (tracker is null) return;
        try
        {
            if (!tracker.Ended && (await store.GetAsync(experimentId, CancellationToken.None))?.Status == ExperimentStatus.Cancelled)
                tracker.OnRunKilled();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tracking never fails a run: without the status the MLflow run just stays RUNNING.
            _logger.LogWarning(e, "MLflow: could not read experiment {Id}'s status to end its run", experimentId);
        }
        _ = DeliverAsync(experimentId, tracker);
    }

    private async Task DeliverAsync(int experimentId, MlflowTracker tracker)
    {
        bool delivered;
        try
        {
            delivered = await tracker.DrainAsync(DeliveryWindow).WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return; // the host is stopping: DisposeAsync gives it its last chance
        }
        if (!delivered)
            _logger.LogWarning("MLflow: {Pending} rounds of experiment {Id} were not delivered within {Window}; they are given up",
                tracker.PendingRounds, experimentId, DeliveryWindow);
        lock (_active)
        {
            if (_active.TryGetValue(experimentId, out var list))
            {
                list.Remove(tracker);
                if (list.Count == 0) _active.Remove(experimentId);
            }
            if (tracker.RunPage is not null || tracker.PendingRounds > 0) // a run that failed before its start logged nothing
                _delivered[experimentId] = new MlflowRunState(tracker.PendingRounds, tracker.RunPage);
        }
        await tracker.DisposeAsync();
        Changed?.Invoke(experimentId);
    }

    /// <summary>At shutdown, gives the trackers a few seconds to deliver what they hold.</summary>
    public async ValueTask DisposeAsync()
    {
        MlflowTracker[] trackers;
        lock (_active) trackers = _active.Values.SelectMany(l => l).ToArray();
        await Task.WhenAll(trackers.Select(t => t.DrainAsync(TimeSpan.FromSeconds(5))));
        await _stopping.CancelAsync();
        foreach (var t in trackers) await t.DisposeAsync();
        if (_http.IsValueCreated) _http.Value.Dispose();
    }

    /// <summary>For containers disposed synchronously (the same as <see cref="DisposeAsync"/>; it waits only while trackers hold rounds).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>One run's trackers, in the order the engine should call them (before the round recorder).</summary>
public sealed class RunTracking(RunTrackers owner, int experimentId, IReadOnlyList<IRunObserver> observers, MlflowTracker? mlflow) : IAsyncDisposable
{
    public IReadOnlyList<IRunObserver> Observers { get; } = observers;

    public async ValueTask DisposeAsync() => await owner.EndAsync(experimentId, mlflow);
}
