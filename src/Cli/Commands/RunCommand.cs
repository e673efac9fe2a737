using System.CommandLine;
using System.Text.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Tracking.Mlflow;

namespace FedBpt.Cli.Commands;

/// <summary><c>fedbpt run</c>: the reference's <c>job.py</c> — a whole FedBPT simulation, headless.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo?>("--spec") { Description = "Experiment spec JSON (defaults: the reference's SST-2 run)." };
        var clients = new Option<int?>("--num-clients") { Description = "Number of clients." };
        var rounds = new Option<int?>("--num-rounds") { Description = "Number of rounds." };
        var task = new Option<string?>("--task") { Description = "Task name (sst2, agnews, mrpc, rte, snli, yelpp, dbpedia)." };
        var model = new Option<string?>("--model") { Description = "Model folder or name under the model roots." };
        var threads = new Option<int>("--threads") { Description = "Clients trained concurrently (results do not depend on it).", DefaultValueFactory = _ => 1 };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N." };
        var devices = new Option<string?>("--devices")
        {
            Description = "Several devices, comma-separated (cuda:0,cuda:1 or cpu,cpu): one model copy each, the clients spread over them; results do not depend on it.",
        };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding <task>/<split>.tsv (default: configured roots)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for metrics.jsonl, prompt-*.json and summary.json.", DefaultValueFactory = _ => new DirectoryInfo("runs/latest") };
        var export = new Option<DirectoryInfo?>("--export") { Description = "Write the effective spec to this folder and exit." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run stored in --out from its last round (its own spec; no spec flags)." };
        var stopAfter = new Option<int?>("--stop-after") { Description = "Stop after this many rounds in this invocation; continue later with --resume." };
        var noTensorBoard = new Option<bool>("--no-tensorboard") { Description = "Do not write TensorBoard events to --out/tb_events/site-1/." };
        var mlflow = new Option<string?>("--mlflow") { Description = "MLflow tracking server URL (default: FedBpt:Mlflow:TrackingUri, then MLFLOW_TRACKING_URI)." };
        var command = new Command("run", "Run a FedBPT experiment (or a baseline) in-process, like the reference's job.py.")
        {
            spec, clients, rounds, task, model, threads, device, devices, dataRoot, output, export, resume, stopAfter, noTensorBoard, mlflow,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(device) is not null && r.GetValue(devices) is not null) r.AddError("Give --device or --devices, not both.");
        });
        command.SetAction((parse, cancel) =>
        {
            var tracking = (TensorBoard: !parse.GetValue(noTensorBoard), Mlflow: parse.GetValue(mlflow));
            var folder = new RunFolder(parse.GetValue(output)!);
            if (parse.GetValue(stopAfter) is < 1)
                throw new ArgumentException("--stop-after must be at least 1 round.");
            if (parse.GetValue(resume))
            {
                if (parse.GetValue(spec) is not null || parse.GetValue(clients) is not null || parse.GetValue(rounds) is not null
                    || parse.GetValue(task) is not null || parse.GetValue(model) is not null || parse.GetValue(export) is not null)
                    throw new ArgumentException("--resume continues the run in --out with its stored spec; leave out --spec, --export and the spec flags.");
                var (stored, checkpoint) = folder.Resume();
                return System.Threading.Tasks.Task.FromResult(Run(stored, checkpoint, (parse.GetValue(device), parse.GetValue(devices)), parse.GetValue(dataRoot),
                    parse.GetValue(threads), parse.GetValue(stopAfter), folder, tracking, cancel));
            }

            var effective = (parse.GetValue(spec) is { } file ? ExperimentSpec.FromJson(File.ReadAllText(file.FullName)) : new ExperimentSpec()) with { };
            if (parse.GetValue(clients) is int n) effective = effective with { NumClients = n };
            if (parse.GetValue(rounds) is int r) effective = effective with { NumRounds = r };
            if (parse.GetValue(task) is { } t) effective = effective with { Task = t };
            if (parse.GetValue(model) is { } m) effective = effective with { Model = m };
            effective = effective.Normalized().EnsureValid();

            if (parse.GetValue(export) is { } exportDir)
            {
                exportDir.Create();
                var path = Path.Combine(exportDir.FullName, "spec.json");
                File.WriteAllText(path, effective.ToJson());
                Console.WriteLine(path);
                return System.Threading.Tasks.Task.FromResult(0);
            }
            return System.Threading.Tasks.Task.FromResult(Run(effective, null, (parse.GetValue(device), parse.GetValue(devices)), parse.GetValue(dataRoot),
                parse.GetValue(threads), parse.GetValue(stopAfter), folder, tracking, cancel));
        });
        return command;
    }

    private static int Run(ExperimentSpec spec, RunCheckpoint? resume, (string? One, string? Several) deviceFlags, string? dataRoot, int threads,
        int? stopAfter, RunFolder folder, (bool TensorBoard, string? Mlflow) trackingFlags, CancellationToken cancel)
    {
        var options = CliSettings.Load();
        var mlflow = MlflowSettings.Resolve(options.Mlflow, uriOverride: trackingFlags.Mlflow); // a bad URL is refused before the model loads
        ApplyDeviceFlags(options, deviceFlags);
        var dataRoots = CliSettings.DataRoots(options, dataRoot);
        var task = CliHub.ResolveTask(TaskCatalog.Get(spec.Task), dataRoots, options, cancel);
        var modelFolder = CliHub.ResolveModel(spec.Model, options, cancel);
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var checkpoints = new CheckpointWriter(folder, stopAfter, spec.EffectiveRounds, pause)
        {
            LastRound = (resume?.CompletedRounds ?? 0) - 1,
        };
        using var observers = new RunObservers(folder, resume is not null, trackingFlags.TensorBoard, mlflow, checkpoints);
        RunSummary summary;
        try
        {
            summary = ExperimentRunner.Run(spec, task, options, dataRoots,
                (_, dev) =>
                {
                    var assets = ModelAssets.Load(modelFolder, dev, Precision.Parse(options.Precision));
                    return (assets, assets);
                },
                observers.Start, resume, threads, pause.Token);
        }
        catch (OperationCanceledException) when (checkpoints.Paused)
        {
            Console.Error.WriteLine($"stopped after round {checkpoints.LastRound + 1} as asked (--stop-after {stopAfter}); " +
                $"continue with: fedbpt run --out {folder.Folder.FullName} --resume");
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            observers.Tracking?.Killed();
            Console.Error.WriteLine(checkpoints.LastRound < 0
                ? "cancelled before the first round ended; nothing to resume"
                : $"cancelled; rounds 1–{checkpoints.LastRound + 1} are kept. Continue with: fedbpt run --out {folder.Folder.FullName} --resume");
            return 130; // the shell's code for a run stopped by Ctrl-C
        }

        var effective = observers.Spec!;
        var output = folder.Folder;
        File.WriteAllText(Path.Combine(output.FullName, "spec.json"), effective.ToJson());
        if (summary.Best is { } best) File.WriteAllText(Path.Combine(output.FullName, "prompt-best.json"), PromptDocument.From(effective, "best", best).ToJson());
        File.WriteAllText(Path.Combine(output.FullName, "prompt-final.json"), PromptDocument.From(effective, "final", summary.Final).ToJson());
        var json = JsonSerializer.Serialize(new
        {
            best_accuracy = summary.BestAccuracy,
            best_round = summary.BestRound,
            final_accuracy = summary.FinalAccuracy,
            zero_shot_accuracy = summary.ZeroShotAccuracy,
            rounds = summary.Rounds,
            wall_seconds = Math.Round(summary.WallSeconds, 1),
            lm_queries = summary.LmQueries,
            task = effective.Task,
            model = effective.Model,
            algorithm = effective.Algorithm.Name,
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(output.FullName, "summary.json"), json);
        Console.WriteLine(json);
        return 0;
    }

    /// <summary>
    /// The CLI's observers of a run, made once the data is prepared (they need the effective spec): console progress,
    /// metrics.jsonl, the trackers and the checkpoint writer. Disposing closes the metrics file, then the trackers.
    /// </summary>
    private sealed class RunObservers(RunFolder folder, bool resuming, bool tensorBoard, MlflowSettings? mlflow, CheckpointWriter checkpoints) : IDisposable
    {
        private StreamWriter? _metrics;

        public ExperimentSpec? Spec { get; private set; }
        public CliTracking? Tracking { get; private set; }

        public IEnumerable<IRunObserver> Start(PreparedExperiment prepared)
        {
            Spec = prepared.Spec;
            if (!resuming) folder.Start(prepared.Spec);
            Tracking = CliTracking.Start(folder, prepared.Spec, resuming, tensorBoard, mlflow);
            _metrics = new StreamWriter(folder.PathOf(RunFolder.MetricsFile), append: true);
            return [new ConsoleProgress(prepared.Task.LabelWords, SplitName(prepared.Spec)), new MetricsWriter(_metrics), .. Tracking.Observers, checkpoints];
        }

        public void Dispose()
        {
            _metrics?.Dispose();
            Tracking?.Dispose();
        }
    }

    /// <summary>Saves the state after every round, and ends this invocation after --stop-after rounds.</summary>
    private sealed class CheckpointWriter(RunFolder folder, int? stopAfter, int numRounds, CancellationTokenSource pause) : IRunObserver
    {
        private int _rounds;

        public bool Paused { get; private set; }
        /// <summary>The last round stored (counting from 0), in this invocation or before it; -1 when none.</summary>
        public int LastRound { get; set; } = -1;

        public void OnRoundCompleted(CompletedRound r)
        {
            folder.SaveCheckpoint(r.Checkpoint);
            LastRound = r.Round;
            if (++_rounds == stopAfter && r.Round + 1 < numRounds)
            {
                Paused = true;
                pause.Cancel(); // the simulator stops before the next round's first iteration
            }
        }
    }

    /// <summary>
    /// <c>--devices</c> replaces <c>FedBpt:Devices</c>, <c>--device</c> runs on that one device; each string is checked
    /// here, so a typo is refused (naming the flag) before anything loads.
    /// </summary>
    private static void ApplyDeviceFlags(Engine.Configuration.FedBptOptions options, (string? One, string? Several) flags)
    {
        if (flags.Several is { } several)
        {
            var list = several.Split(',', StringSplitOptions.TrimEntries);
            foreach (var d in list) TorchDevice.Resolve(d, "--devices");
            options.Devices = [.. list];
        }
        else if (flags.One is { } one)
        {
            TorchDevice.Resolve(one, "--device");
            options.Device = one;
            options.Devices = [];
        }
    }

    private static string SplitName(ExperimentSpec spec) =>
        spec.EffectiveClients == 1 ? "one party" : spec.Iid ? "IID" : $"non-IID {SpecChoices.DirichletScheme.NameOf(spec.DirichletScheme)}, α = {spec.DirichletAlpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>One JSON line per round in metrics.jsonl.</summary>
    private sealed class MetricsWriter(StreamWriter writer) : IRunObserver
    {
        public void OnRoundCompleted(CompletedRound r)
        {
            writer.WriteLine(RoundColumns.ToJsonLine(r.Record));
            writer.Flush();
        }
    }
}
