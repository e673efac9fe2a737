using System.Text.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tracking.Mlflow;
using FedBpt.Engine.Tracking.TensorBoard;

namespace FedBpt.Cli.Commands;

/// <summary>
/// A CLI run's trackers: TensorBoard events in <c>--out/tb_events/site-1/</c> (unless --no-tensorboard) and, when a
/// tracking URI is given (--mlflow, FedBpt:Mlflow:TrackingUri or MLFLOW_TRACKING_URI), an MLflow run whose key is kept
/// in <c>--out/mlflow.json</c> so that --resume continues the same MLflow run. Disposing waits a short while for
/// MLflow to take what is still queued, and says what it did not.
/// </summary>
internal sealed class CliTracking : IDisposable
{
    public const string MlflowFile = "mlflow.json";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly MlflowTracker? _mlflow;
    private readonly HttpClient? _http;

    private CliTracking(IReadOnlyList<IRunObserver> observers, MlflowTracker? mlflow, HttpClient? http)
    {
        Observers = observers;
        _mlflow = mlflow;
        _http = http;
    }

    public IReadOnlyList<IRunObserver> Observers { get; }

    public static CliTracking Start(RunFolder folder, ExperimentSpec spec, bool resuming, bool tensorBoard, MlflowSettings? mlflow)
    {
        var logger = new StderrLogger();
        var observers = new List<IRunObserver>();
        if (tensorBoard) observers.Add(new TensorBoardWriter(TensorBoardLayout.SiteFolder(folder.Folder.FullName), spec, logger));
        if (mlflow is not { } settings) return new CliTracking(observers, null, null);

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var identity = new MlflowRunIdentity(RunKey(folder, resuming), folder.Folder.Name);
        var tracker = new MlflowTracker(new MlflowClient(http, settings), spec, identity, logger);
        observers.Add(tracker);
        return new CliTracking(observers, tracker, http);
    }

    /// <summary>The run was stopped by Ctrl-C: MLflow shows it KILLED until a --resume picks it up again.</summary>
    public void Killed() => _mlflow?.OnRunKilled();

    public void Dispose()
    {
        if (_mlflow is not null)
        {
            if (!_mlflow.DrainAsync(DrainTimeout).GetAwaiter().GetResult())
                Console.Error.WriteLine($"warning: MLflow did not take {_mlflow.PendingRounds} round(s) within {DrainTimeout.TotalSeconds:F0} s; " +
                    "they are not logged there (metrics.jsonl and the event file have them)");
            else if (_mlflow.RunPage is { } page)
                Console.Error.WriteLine($"MLflow run: {page}");
            _mlflow.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _http?.Dispose();
    }

    /// <summary>A fresh run gets a new key; a resumed one reuses the key of the run it continues.</summary>
    private static string RunKey(RunFolder folder, bool resuming)
    {
        var path = folder.PathOf(MlflowFile);
        if (resuming && File.Exists(path))
        {
            using var stored = JsonDocument.Parse(File.ReadAllText(path));
            if (stored.RootElement.TryGetProperty("runKey", out var value) && value.GetString() is { Length: > 0 } existing) return existing;
        }
        var key = "cli-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(path, JsonSerializer.Serialize(new { runKey = key }));
        return key;
    }
}
