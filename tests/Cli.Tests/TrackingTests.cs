using System.Globalization;
using System.Text.Json;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Mlflow;
using Xunit.Abstractions;

namespace FedBpt.Cli.Tests;

/// <summary>The CLI's TensorBoard events (on by default) and MLflow logging (MLFLOW_TRACKING_URI), across a --resume.</summary>
public sealed class TrackingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Tags =
        ["global_test_acc", "train_fitness_mean", "train_fitness_min", "train_fitness_max", "sigma", "lm_queries", "bytes_up", "bytes_down"];

    /// <summary>The metrics.jsonl field each tag reports.</summary>
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["global_test_acc"] = "global_test_accuracy", ["train_fitness_mean"] = "train_fitness_mean", ["train_fitness_min"] = "train_fitness_min",
        ["train_fitness_max"] = "train_fitness_max", ["sigma"] = "sigma", ["lm_queries"] = "lm_queries", ["bytes_up"] = "bytes_up", ["bytes_down"] = "bytes_down",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-cli-tracking-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_stopped_and_resumed_has_one_event_per_tag_and_round_and_one_MLflow_run_with_every_round()
    {
        await using var mlflow = await StubMlflowServer.StartAsync();
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = mlflow.Uri.ToString(), ["MLFLOW_EXPERIMENT_NAME"] = "cli-tests" };
        var data = SmallSst2();
        var spec = TinySpec(numRounds: 3);
        var run = Path.Combine(_dir, "quick");
        var (exit, _, stderr) = FedBptCli.Run(env, "run", "--spec", spec, "--data-root", data, "--out", run, "--stop-after", "2");
        Assert.True(exit == 0, stderr);
        var (resumed, _, resumeErr) = FedBptCli.Run(env, "run", "--data-root", data, "--out", run, "--resume");
        Assert.True(resumed == 0, resumeErr);
        Assert.Contains("MLflow run: " + mlflow.Uri, resumeErr);

        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, metrics.Length);
        var events = EventFileReader.ReadFolder(Path.Combine(run, "tb_events", "site-1"));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var text = Assert.Single(events, e => e.Values.Any(v => v.Text is not null));
        Assert.Equal((0L, "spec/text_summary"), (text.Step, text.Values[0].Tag));
        Assert.Contains("\"numRounds\": 3", text.Values[0].Text);
        foreach (var tag in Tags)
            Assert.Equal(metrics.Select(m => ((long)m.GetProperty("round").GetInt32(), (float)m.GetProperty(Fields[tag]).GetDouble())), events.Scalars(tag));

        var stub = Assert.Single(mlflow.Runs);
        Assert.Equal("quick", stub.RunName);
        Assert.Equal(["FINISHED"], stub.StatusHistory); // --stop-after leaves it RUNNING, so --resume had nothing to reopen
        foreach (var tag in Tags)
            Assert.Equal(metrics.Select(m => ((long)m.GetProperty("round").GetInt32(), m.GetProperty(Fields[tag]).GetDouble())),
                stub.Metrics.Where(x => x.Key == tag).Select(x => (x.Step, x.Value)));
        Assert.Equal(2, mlflow.Artifacts.Count);

        output.WriteLine($"{Path.GetFileName(Directory.GetFiles(Path.Combine(run, "tb_events", "site-1")).Single())}");
        foreach (var e in events)
            foreach (var v in e.Values.DefaultIfEmpty())
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {e.Step}  {(e.FileVersion is not null ? "file_version=" + e.FileVersion : v!.Text is not null ? $"{v.Tag} (text, {v.Text.Length} chars)" : $"{v!.Tag} = {v.Scalar:G9}")}"));
        output.WriteLine("");
        foreach (var call in mlflow.Calls)
            output.WriteLine($"{call.Method} {call.Path} {Shorten(call.Body)}");
    }

    [Fact]
    public void No_tensorboard_writes_no_events_and_a_bad_tracking_url_is_refused_before_the_run()
    {
        var data = SmallSst2();
        var run = Path.Combine(_dir, "plain");
        var (exit, _, stderr) = FedBptCli.Run("run", "--spec", TinySpec(numRounds: 1), "--data-root", data, "--out", run, "--no-tensorboard");
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        Assert.False(Directory.Exists(Path.Combine(run, "tb_events")));

        var (refused, _, error) = FedBptCli.Run("run", "--out", Path.Combine(_dir, "never"), "--mlflow", "file:///tmp/mlruns");
        Assert.Equal(2, refused);
        Assert.Contains("error: --mlflow 'file:///tmp/mlruns' is not an http(s) URL", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
    }

    private string TinySpec(int numRounds)
    {
        var spec = Path.Combine(_dir, $"spec-{numRounds}.json");
        File.WriteAllText(spec, $$"""
            { "task": "sst2", "model": "tiny-roberta-mlm", "numClients": 2, "numRounds": {{numRounds}}, "kShot": 4, "localIter": 2,
              "intrinsicDim": 16, "nPromptTokens": 5, "verbalizerLeadingSpace": true }
            """);
        return spec;
    }

    private static string Shorten(string body) => body.Length <= 160 ? body : body[..160] + $"… ({body.Length} chars)";

    private string SmallSst2()
    {
        var root = Path.Combine(_dir, "data");
        var sst2 = Directory.CreateDirectory(Path.Combine(root, "sst2")).FullName;
        File.WriteAllLines(Path.Combine(sst2, "train.tsv"), File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "train.tsv")).Take(201));
        File.WriteAllLines(Path.Combine(sst2, "dev.tsv"), File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Take(41));
        return root;
    }
}
