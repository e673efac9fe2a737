using System.Text;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>Retry and memory limits of a tracker's queue.</summary>
public sealed record MlflowQueueOptions
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Rounds kept while the server is unreachable; beyond it the oldest are dropped (and counted).</summary>
    public int MaxPendingRounds { get; init; } = 10_000;
}

/// <summary>
/// Logs one run to MLflow: the run (found again by its key on resume, else created, with the spec as params), each
/// round's <see cref="TrackedMetrics"/> (step = round), the best and final prompt documents as artifacts when the
/// server proxies them, and the end status. The observer calls only queue work: one background loop sends it in
/// order, batching queued rounds into <c>runs/log-batch</c> calls and retrying with back-off while the server is
/// down, so the round loop never waits on HTTP and a dead server neither fails nor slows the run.
/// </summary>
public sealed class MlflowTracker : IRunObserver, IAsyncDisposable
{
    private readonly MlflowClient _client;
    private readonly ExperimentSpec _spec;
    private readonly MlflowRunIdentity _identity;
    private readonly MlflowQueueOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly List<Work> _queue = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private Task? _loop;
    private int _inFlight;
    private bool _disabled;
    private MlflowRunInfo? _run;

    public MlflowTracker(MlflowClient client, ExperimentSpec spec, MlflowRunIdentity identity,
        ILogger? logger = null, MlflowQueueOptions? options = null, TimeProvider? time = null)
    {
        _client = client;
        _spec = spec;
        _identity = identity;
        _options = options ?? new MlflowQueueOptions();
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised (on any thread) when the pending count or the run link changes.</summary>
    public event Action? Changed;

    /// <summary>Rounds whose metrics the server has not yet acknowledged.</summary>
    public int PendingRounds
    {
        get { lock (_gate) return _queue.Count(w => w is RoundMetrics); }
    }

    /// <summary>Rounds dropped because more than <see cref="MlflowQueueOptions.MaxPendingRounds"/> were waiting.</summary>
    public int DroppedRounds { get; private set; }

    /// <summary>The run's MLflow UI page, once the run exists there.</summary>
    public Uri? RunPage => _run is { } run ? _client.Settings.RunPage(run.ExperimentId, run.RunId) : null;

    /// <summary>The run's end status has been queued: a second end (KILLED after FAILED, say) is ignored.</summary>
    public bool Ended { get; private set; }

    public void OnRunStarted(RunStarted info) => Enqueue(new Start(Now()));

    public void OnRoundCompleted(CompletedRound r)
    {
        long now = Now();
        Enqueue(new RoundMetrics(TrackedMetrics.Of(r.Record).Select(m => new MlflowMetric(m.Name, m.Value, now, r.Round)).ToArray()));
    }

    public void OnRunFinished(RunSummary summary)
    {
        if (summary.Best is { } best) Enqueue(new Artifact("prompt-best.json", PromptDocument.From(_spec, "best", best).ToJson()));
        Enqueue(new Artifact("prompt-final.json", PromptDocument.From(_spec, "final", summary.Final).ToJson()));
        End(MlflowRunStatus.Finished);
    }

    public void OnRunFailed(Exception error) => End(MlflowRunStatus.Failed);

    /// <summary>The run was cancelled by its user: it ends KILLED (a later resume sets it RUNNING again).</summary>
    public void OnRunKilled() => End(MlflowRunStatus.Killed);

    /// <summary>Waits until everything queued is delivered, or <paramref name="timeout"/> passes; true when delivered.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        Task idle;
        lock (_gate) idle = _idle.Task;
        try
        {
            await idle.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Stops sending; what is still queued is given up (<see cref="DrainAsync"/> first to deliver it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _wake.Dispose();
    }

    private void End(string status)
    {
        if (Ended) return;
        Ended = true;
        Enqueue(new Finish(status, Now()));
    }

    private void Enqueue(Work work)
    {
        lock (_gate)
        {
            if (_disabled || _stop.IsCancellationRequested) return;
            _queue.Add(work);
            if (_idle.Task.IsCompleted) _idle = NewIdle(completed: false);
            if (work is RoundMetrics && _queue.Count(w => w is RoundMetrics) > _options.MaxPendingRounds)
            {
                // Bounded memory: the oldest round not being sent right now goes.
                int oldest = _queue.FindIndex(_inFlight, w => w is RoundMetrics);
                _queue.RemoveAt(oldest);
                if (DroppedRounds++ == 0)
                    _logger.LogWarning("MLflow: more than {Max} rounds are waiting for {Uri}; the oldest are dropped",
                        _options.MaxPendingRounds, _client.Settings.TrackingUri);
            }
            _loop ??= Task.Run(LoopAsync);
        }
        _wake.Release();
        Changed?.Invoke();
    }

    private async Task LoopAsync()
    {
        var backoff = _options.InitialBackoff;
        bool failing = false;
        while (!_stop.IsCancellationRequested)
        {
            Work[] batch;
            lock (_gate)
            {
                batch = NextBatch();
                _inFlight = batch.Length;
                if (batch.Length == 0) _idle.TrySetResult();
            }
            try
            {
                if (batch.Length == 0)
                {
                    await _wake.WaitAsync(_stop.Token);
                    continue;
                }
                await SendAsync(batch, _stop.Token);
                Done(batch.Length);
                if (failing) _logger.LogInformation("MLflow at {Uri} answers again; queued rounds are being delivered", _client.Settings.TrackingUri);
                (failing, backoff) = (false, _options.InitialBackoff);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (MlflowException e) when (e.Retryable)
            {
                if (!failing)
                    _logger.LogWarning("MLflow at {Uri} does not answer ({Message}); {Pending} rounds pending, retrying with back-off",
                        _client.Settings.TrackingUri, e.Message, PendingRounds);
                failing = true;
                try
                {
                    await Task.Delay(backoff, _time, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            catch (Exception e)
            {
                // The server refused the call for good (bad request, no permission): retrying cannot help.
                if (batch[0] is Start)
                {
                    _logger.LogError(e, "MLflow: the run could not be created at {Uri} ({Message}); this run is not logged to MLflow",
                        _client.Settings.TrackingUri, e.Message);
                    Disable();
                }
                else
                {
                    _logger.LogWarning(e, "MLflow refused {Work} ({Message}); it is skipped", batch[0].GetType().Name, e.Message);
                    Done(batch.Length);
                }
            }
        }
        lock (_gate) _inFlight = 0;
    }

    /// <summary>The head of the queue; consecutive rounds go together, up to one request's 1000 metrics.</summary>
    private Work[] NextBatch()
    {
        if (_queue.Count == 0) return [];
        if (_queue[0] is not RoundMetrics) return [_queue[0]];
        int metrics = 0, count = 0;
        while (count < _queue.Count && _queue[count] is RoundMetrics r && (count == 0 || metrics + r.Metrics.Length <= MlflowBatches.MaxMetrics))
        {
            metrics += r.Metrics.Length;
            count++;
        }
        return _queue.Take(count).ToArray();
    }

    private void Done(int count)
    {
        lock (_gate)
        {
            _queue.RemoveRange(0, count);
            _inFlight = 0;
        }
        Changed?.Invoke();
    }

    private void Disable()
    {
        lock (_gate)
        {
            _disabled = true;
            _queue.Clear();
            _inFlight = 0;
        }
        Changed?.Invoke();
    }

    private async Task SendAsync(Work[] batch, CancellationToken cancel)
    {
        switch (batch[0])
        {
            case Start start:
                await StartRunAsync(start, cancel);
                break;
            case RoundMetrics:
                foreach (var request in MlflowBatches.Split(batch.Cast<RoundMetrics>().SelectMany(r => r.Metrics).ToArray()))
                    await _client.LogBatchAsync(RunId(), request, cancel);
                break;
            case Artifact artifact:
                if (MlflowClient.ProxiedArtifactPath(_run?.ArtifactUri) is { } path)
                    await _client.UploadArtifactAsync(path, artifact.Name, Encoding.UTF8.GetBytes(artifact.Json), "application/json", cancel);
                else
                    _logger.LogInformation("MLflow: {Name} is not uploaded: the run's artifact root {Root} is not served by the tracking server",
                        artifact.Name, _run?.ArtifactUri);
                break;
            case Finish finish:
                await _client.UpdateRunAsync(RunId(), finish.Status, finish.EndTime, cancel);
                break;
        }
    }

    /// <summary>Finds the run by its key (a resume, or a retry after a half-done start) or creates it; logs the params it lacks.</summary>
    private async Task StartRunAsync(Start start, CancellationToken cancel)
    {
        var experimentId = await _client.GetOrCreateExperimentAsync(_client.Settings.ExperimentName, cancel);
        var run = await _client.FindRunAsync(experimentId, _identity.RunKey, cancel);
        if (run is null)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["algorithm"] = _spec.Algorithm.Name,
                ["task"] = _spec.Task,
                ["model"] = _spec.Model,
                ["mlflow.source.name"] = "fedbpt",
                [MlflowRunIdentity.RunKeyTag] = _identity.RunKey,
            };
            foreach (var (key, value) in _identity.Tags ?? new Dictionary<string, string>()) tags[key] = value;
            run = await _client.CreateRunAsync(experimentId, _identity.RunName, start.Time, tags, cancel);
        }
        else if (run.Status != MlflowRunStatus.Running)
        {
            await _client.UpdateRunAsync(run.RunId, MlflowRunStatus.Running, null, cancel);
        }
        _run = run;
        Changed?.Invoke();

        // Params are immutable: log only the keys the run lacks (all of them for a new run).
        var missing = new List<KeyValuePair<string, string>>();
        foreach (var p in SpecParams.Of(_spec))
        {
            if (!run.Params.TryGetValue(p.Key, out var logged)) missing.Add(p);
            else if (logged != p.Value)
                _logger.LogWarning("MLflow run {RunId} has param {Key} = {Logged}, the spec says {Value}; the logged value stays",
                    run.RunId, p.Key, logged, p.Value);
        }
        try
        {
            foreach (var request in MlflowBatches.Split([], missing)) await _client.LogBatchAsync(run.RunId, request, cancel);
        }
        catch (MlflowException e) when (!e.Retryable)
        {
            _logger.LogWarning(e, "MLflow refused the spec's params ({Message}); metrics are logged without them", e.Message);
        }
    }

    private string RunId() => _run?.RunId ?? throw new InvalidOperationException("MLflow: the run's start was never queued.");

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) idle.SetResult();
        return idle;
    }

    private abstract record Work;
    private sealed record Start(long Time) : Work;
    private sealed record RoundMetrics(MlflowMetric[] Metrics) : Work;
    private sealed record Artifact(string Name, string Json) : Work;
    private sealed record Finish(string Status, long EndTime) : Work;
}
