using System.Text;
using System.Text.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tracking;
using FedBpt.Engine.Tracking.Mlflow;
using FedBpt.Tests.Common.Mlflow;

namespace FedBpt.Web.Tests.Tracking;

/// <summary>The tracker against the stub server, fed with rounds directly (no model): what it sends, and when.</summary>
public sealed class MlflowTrackerTests : IAsyncLifetime
{
    private static readonly MlflowQueueOptions FastRetry = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) };
    private static readonly ExperimentSpec Spec = new() { Model = "tiny-roberta-mlm", NumClients = 2, NumRounds = 3, IntrinsicDim = 2 };

    private StubMlflowServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await StubMlflowServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_run_becomes_an_MLflow_run_with_the_spec_as_params_rounds_at_their_step_prompts_as_artifacts_and_FINISHED()
    {
        await using var tracker = Tracker("key-1", token: "t0ken");
        var rounds = Enumerable.Range(0, 3).Select(Round).ToArray();
        tracker.OnRunStarted(Started(0));
        foreach (var r in rounds) tracker.OnRoundCompleted(r);
        tracker.OnRunFinished(new RunSummary(0.7, 2, 0.7, 0.5, 3, 3, 300, rounds[2].Best, rounds[2].Final));
        Assert.True(await tracker.DrainAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(["experiments/get-by-name", "experiments/create", "runs/search", "runs/create", "runs/log-batch"],
            _server.Calls.Take(5).Select(Endpoint));
        Assert.Equal("runs/update", Endpoint(_server.Calls.Last()));
        Assert.All(_server.Calls, c => Assert.Equal("Bearer t0ken", c.Authorization));

        var run = Assert.Single(_server.Runs);
        Assert.Equal("run one", run.RunName);
        Assert.Equal("FINISHED", run.Status);
        Assert.NotNull(run.EndTime);
        Assert.Equal("fedbpt", run.Tags["algorithm"]);
        Assert.Equal("sst2", run.Tags["task"]);
        Assert.Equal("tiny-roberta-mlm", run.Tags["model"]);
        Assert.Equal("key-1", run.Tags[MlflowRunIdentity.RunKeyTag]);
        Assert.Equal("b", run.Tags["a"]);

        using var json = JsonDocument.Parse(Spec.ToJson());
        Assert.Equal(json.RootElement.EnumerateObject().Select(p => p.Name).Order(), run.Params.Keys.Order());
        Assert.Equal("2", run.Params["numClients"]);

        var expected = rounds.SelectMany(r => TrackedMetrics.Of(r.Record).Select(m => (m.Name, m.Value, (long)r.Round))).ToArray();
        Assert.Equal(expected.Order(), run.Metrics.Select(m => (m.Key, m.Value, m.Step)).Order());

        var best = PromptDocument.FromJson(Encoding.UTF8.GetString(_server.Artifacts[$"{run.ExperimentId}/{run.RunId}/artifacts/prompt-best.json"]));
        Assert.Equal(rounds[2].Best!.Z, best.Z);
        Assert.Equal("final", PromptDocument.FromJson(Encoding.UTF8.GetString(_server.Artifacts[$"{run.ExperimentId}/{run.RunId}/artifacts/prompt-final.json"])).Which);
        Assert.Equal(_server.Uri + $"#/experiments/{run.ExperimentId}/runs/{run.RunId}", tracker.RunPage!.ToString());
    }

    [Fact]
    public async Task While_the_server_answers_503_rounds_wait_in_the_queue_and_are_delivered_in_batches_of_at_most_1000_after_it_recovers()
    {
        _server.Unavailable = true;
        await using var tracker = Tracker("key-outage");
        tracker.OnRunStarted(Started(0));
        var rounds = Enumerable.Range(0, 300).Select(Round).ToArray();
        foreach (var r in rounds) tracker.OnRoundCompleted(r); // returns at once: the loop never waits on HTTP
        tracker.OnRunFinished(new RunSummary(0.7, 299, 0.7, 0.5, 300, 300, 30000, rounds[^1].Best, rounds[^1].Final));

        Assert.Equal(300, tracker.PendingRounds);
        await _server.WaitUntilAsync(s => s.Refused.Count >= 3); // it keeps trying
        Assert.Equal(300, tracker.PendingRounds);
        Assert.Empty(_server.Calls);

        _server.Unavailable = false;
        Assert.True(await tracker.DrainAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, tracker.PendingRounds);

        var run = Assert.Single(_server.Runs);
        Assert.Equal("FINISHED", run.Status);
        var batches = _server.CallsTo("runs/log-batch").Select(c => c.Json["metrics"]?.AsArray().Count ?? 0).Where(n => n > 0).ToArray();
        Assert.All(batches, n => Assert.InRange(n, 1, 1000));
        Assert.True(batches.Length >= 3, $"{rounds.Length * 8} metrics in {batches.Length} calls");
        var expected = rounds.SelectMany(r => TrackedMetrics.Of(r.Record).Select(m => (m.Name, (long)r.Round))).Order().ToArray();
        Assert.Equal(expected, run.Metrics.Select(m => (m.Key, m.Step)).Order()); // each (tag, step) exactly once
    }

    [Fact]
    public async Task A_resumed_run_continues_the_same_MLflow_run_without_logging_its_params_again()
    {
        await using (var first = Tracker("key-resume"))
        {
            first.OnRunStarted(Started(0));
            first.OnRoundCompleted(Round(0));
            first.OnRunKilled();
            Assert.True(await first.DrainAsync(TimeSpan.FromMinutes(1)));
        }
        Assert.Equal("KILLED", Assert.Single(_server.Runs).Status);
        int paramBatches = ParamBatches();

        await using (var second = Tracker("key-resume"))
        {
            second.OnRunStarted(Started(1));
            second.OnRoundCompleted(Round(1));
            second.OnRoundCompleted(Round(2));
            second.OnRunFinished(new RunSummary(0.7, 2, 0.7, 0.5, 3, 3, 300, Round(2).Best, Round(2).Final));
            Assert.True(await second.DrainAsync(TimeSpan.FromMinutes(1)));
        }

        var run = Assert.Single(_server.Runs);
        Assert.Single(_server.CallsTo("runs/create"));
        Assert.Equal(["KILLED", "RUNNING", "FINISHED"], run.StatusHistory);
        Assert.Equal(paramBatches, ParamBatches());
        Assert.Equal([0L, 1L, 2L], run.Metrics.Where(m => m.Key == TrackedMetrics.Sigma).Select(m => m.Step));
    }

    [Fact]
    public async Task Without_the_artifact_proxy_the_prompts_stay_local_and_the_run_still_ends()
    {
        _server.ArtifactRoot = "s3://team-bucket";
        await using var tracker = Tracker("key-s3");
        tracker.OnRunStarted(Started(0));
        tracker.OnRoundCompleted(Round(0));
        tracker.OnRunFinished(new RunSummary(0.7, 0, 0.7, 0.5, 1, 1, 100, Round(0).Best, Round(0).Final));
        Assert.True(await tracker.DrainAsync(TimeSpan.FromMinutes(1)));

        Assert.Empty(_server.Artifacts);
        Assert.DoesNotContain(_server.Calls, c => c.Method == "PUT");
        Assert.Equal("FINISHED", Assert.Single(_server.Runs).Status);
    }

    [Fact]
    public async Task A_refused_batch_is_skipped_not_retried_and_a_failed_run_ends_FAILED()
    {
        await using var tracker = Tracker("key-failed");
        tracker.OnRunStarted(Started(0));
        Assert.True(await tracker.DrainAsync(TimeSpan.FromMinutes(1)));
        _server.RefuseMetrics = true;
        tracker.OnRoundCompleted(Round(0));
        tracker.OnRunFailed(new InvalidOperationException("boom"));
        tracker.OnRunKilled(); // a second end is ignored
        Assert.True(await tracker.DrainAsync(TimeSpan.FromMinutes(1)));

        Assert.Single(_server.CallsTo("runs/log-batch"), c => c.Json["metrics"]?.AsArray().Count > 0);
        Assert.Equal(0, tracker.PendingRounds);
        Assert.Equal(["FAILED"], Assert.Single(_server.Runs).StatusHistory);
    }

    private int ParamBatches() => _server.CallsTo("runs/log-batch").Count(c => c.Json["params"]?.AsArray().Count > 0);

    private MlflowTracker Tracker(string key, string? token = null) =>
        new(new MlflowClient(_http, new MlflowSettings(_server.Uri, "fedbpt-tests", token, null, null)), Spec,
            new MlflowRunIdentity(key, "run one", new Dictionary<string, string> { ["a"] = "b" }), options: FastRetry);

    private static string Endpoint(StubCall call) => string.Join('/', call.Path.Split('?')[0].Split('/')[^2..]);

    private static RunStarted Started(int start) => new(start, 3, 0.5, 10, 0, null!, "test", "cpu");

    private static CompletedRound Round(int round)
    {
        var snapshot = new PromptSnapshot(round, 0.5 + round / 1000.0, [round, 1.5]);
        var record = new RoundRecord
        {
            Round = round, GlobalTestAccuracy = 0.5 + round / 1000.0, TrainFitnessMean = 1.1 + round, TrainFitnessMin = 1.0,
            TrainFitnessMax = 1.2 + round, Sigma = 0.9 / (round + 1), LmQueries = 100 * (round + 1), BytesUp = 10, BytesDown = 20,
            WallSeconds = round, Clients = [new ClientRound(0, 1.1, 0.9, 8, 100)],
        };
        return new CompletedRound(record, snapshot, snapshot,
            new RunCheckpoint(round + 1, [], snapshot, snapshot, 100 * (round + 1), 10, 20, round, 0.5));
    }
}
