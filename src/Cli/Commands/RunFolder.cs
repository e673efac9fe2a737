using System.Text.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Cli.Commands;

/// <summary>
/// A run's --out folder: spec.json (written first), metrics.jsonl (a line per round), checkpoint.json (the state
/// after the last round, replaced atomically each round), and at the end the prompts and summary.json. With the
/// spec and the checkpoint, <c>fedbpt run --resume</c> finishes the run exactly as if it had never stopped.
/// </summary>
internal sealed class RunFolder(DirectoryInfo folder)
{
    public const string SpecFile = "spec.json";
    public const string MetricsFile = "metrics.jsonl";
    public const string CheckpointFile = "checkpoint.json";

    public DirectoryInfo Folder { get; } = folder;

    public string PathOf(string file) => Path.Combine(Folder.FullName, file);

    public void Start(ExperimentSpec spec)
    {
        Folder.Create();
        File.WriteAllText(PathOf(SpecFile), spec.ToJson());
        File.Delete(PathOf(CheckpointFile)); // a fresh run in a used folder must not be resumed from the old one
    }

    /// <summary>The stored spec and checkpoint, with metrics.jsonl cut back to the checkpoint's rounds.</summary>
    public (ExperimentSpec Spec, RunCheckpoint Checkpoint) Resume()
    {
        if (!File.Exists(PathOf(SpecFile)) || !File.Exists(PathOf(CheckpointFile)))
            throw new FileNotFoundException($"'{Folder.FullName}' holds no run to resume: it needs {SpecFile} and {CheckpointFile} from an earlier 'fedbpt run --out'.");
        var spec = ExperimentSpec.FromStoredJson(File.ReadAllText(PathOf(SpecFile)));
        var checkpoint = RunCheckpoint.FromBytes(File.ReadAllBytes(PathOf(CheckpointFile)));
        // A round whose metrics line was written but whose checkpoint was not is run again: drop its line.
        var metrics = PathOf(MetricsFile);
        var kept = File.Exists(metrics)
            ? File.ReadLines(metrics).Where(line => RoundOf(line) < checkpoint.CompletedRounds).ToArray()
            : [];
        File.WriteAllLines(metrics, kept);
        return (spec, checkpoint);
    }

    public void SaveCheckpoint(RunCheckpoint checkpoint)
    {
        var partial = PathOf(CheckpointFile + ".partial");
        File.WriteAllBytes(partial, checkpoint.ToBytes());
        File.Move(partial, PathOf(CheckpointFile), overwrite: true);
    }

    private static int RoundOf(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("round").GetInt32();
    }
}
