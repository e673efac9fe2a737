using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Web.Api.Experiments;
using FedBpt.Web.Predictions;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Api;

/// <summary>One experiment run to completion (the tiny model on SST-2, 2 rounds), shared by the facts about what it recorded.</summary>
public sealed class CompletedRunFixture : IAsyncLifetime
{
    private readonly WebAppFixture _app = new();

    public HttpClient Client => _app.Client;
    public string DatabasePath => _app.DatabasePath;
    public int Id { get; private set; }
    public ExperimentDetail Done { get; private set; } = null!;
    public RoundRecord[] Rounds { get; private set; } = [];
    public IReadOnlyList<RunEvent> Events { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var events = new ConcurrentQueue<RunEvent>();
        using (_app.Factory.Services.GetRequiredService<RunNotifier>().SubscribeAll(events.Enqueue))
        {
            Id = await Client.CreateExperimentAsync("tiny sst2", Specs.Tiny(numRounds: 2));
            Done = await Client.WaitForStatusAsync(Id, ExperimentStatus.Completed);
        }
        Events = events.Where(e => e.ExperimentId == Id).ToArray();
        Rounds = await Client.GetRoundsAsync(Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}

/// <summary>What a completed run recorded, read through the API: one fact each, over one shared run.</summary>
public sealed class CompletedRunTests(CompletedRunFixture run) : IClassFixture<CompletedRunFixture>
{
    private HttpClient Client => run.Client;
    private ExperimentDetail Done => run.Done;

    [Fact]
    public void The_run_is_complete_with_its_summary()
    {
        Assert.True(File.Exists(run.DatabasePath), "the factory's database is the one in use");
        Assert.Equal((2, 2, 1.0), (Done.RoundsCompleted, Done.NumRounds, Done.Progress));
        Assert.Equal(("sst2", "tiny-roberta-mlm", "fedbpt", 2), (Done.Task, Done.Model, Done.Algorithm, Done.NumClients));
        Assert.NotNull(Done.BestAccuracy);
        Assert.NotNull(Done.FinalAccuracy);
        Assert.InRange(Done.ZeroShotAccuracy!.Value, 0.0, 1.0);
        Assert.StartsWith("cpu", Done.Device);
        Assert.True(Done.FinishedUtc >= Done.StartedUtc && Done.StartedUtc >= Done.CreatedUtc);
    }

    [Fact]
    public void The_stored_spec_holds_the_defaults_of_omitted_keys()
    {
        Assert.Equal(20, Done.Spec.GetProperty("intrinsicDim").GetInt32());
        Assert.Equal(1234, Done.Spec.GetProperty("seed").GetInt64()); // omitted keys take the reference defaults
    }

    [Fact]
    public void The_label_distribution_counts_every_training_example()
    {
        var labels = Done.LabelDistribution!.Value;
        Assert.Equal(["bad", "great"], labels.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(8, labels.GetProperty("clients").EnumerateArray().SelectMany(c => c.EnumerateArray()).Sum(n => n.GetInt32())); // 4 per class
    }

    [Fact]
    public void Every_round_is_stored_with_its_clients_and_agrees_with_the_summary()
    {
        var rounds = run.Rounds;
        Assert.Equal([0, 1], rounds.Select(r => r.Round));
        Assert.All(rounds, r => Assert.Equal(2, r.Clients.Count));
        Assert.True(rounds[1].LmQueries > rounds[0].LmQueries);
        Assert.Equal(Done.FinalAccuracy, rounds[^1].GlobalTestAccuracy);
        Assert.Equal(Done.BestAccuracy, rounds.Max(r => r.GlobalTestAccuracy));
    }

    [Fact]
    public async Task The_metrics_csv_has_the_rounds_under_the_jsonl_names()
    {
        var id = run.Id;
        var csv = await Client.GetAsync($"/api/experiments/{id}/metrics.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"experiment-{id}-metrics.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("round,global_test_accuracy,train_fitness_mean,train_fitness_min,train_fitness_max,sigma,lm_queries,bytes_up,bytes_down,wall_seconds", lines[0]);
        Assert.Equal(3, lines.Length);
        var row = lines[2].Split(',');
        var rounds = run.Rounds;
        Assert.Equal(("1", rounds[1].GlobalTestAccuracy, rounds[1].Sigma, rounds[1].LmQueries),
            (row[0], double.Parse(row[1], CultureInfo.InvariantCulture), double.Parse(row[5], CultureInfo.InvariantCulture), long.Parse(row[6], CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("best")]
    [InlineData("final")]
    public async Task The_prompts_download_with_their_round(string which)
    {
        var download = await Client.GetAsync($"/api/experiments/{run.Id}/prompt?which={which}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"experiment-{run.Id}-prompt-{which}.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var prompt = PromptDocument.FromJson(await download.Content.ReadAsStringAsync());
        Assert.Equal((which, 20, "sst2"), (prompt.Which, prompt.Z.Length, prompt.Task));
        Assert.Equal(which == "final" ? 1 : Done.BestRound, prompt.Round);
    }

    [Fact]
    public async Task The_best_prompt_predicts_with_probabilities_beside_zero_shot()
    {
        var predict = await Client.PostAsJsonAsync("/api/predict", new { experimentId = run.Id, which = "best", texts = new[] { "a great movie", "a dull , tedious mess" } });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        var predictions = (await predict.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
        Assert.Equal(["bad", "great"], predictions.Labels);
        Assert.Equal(Done.BestRound, predictions.PromptRound);
        Assert.Equal(2, predictions.Predictions.Count);
        Assert.All(predictions.Predictions, p =>
        {
            Assert.Contains(p.Label, predictions.Labels);
            Assert.Contains(p.ZeroShotLabel, predictions.Labels);
            Assert.Equal(1.0, p.Probabilities.Sum(), 9);
            Assert.Equal(1.0, p.ZeroShotProbabilities.Sum(), 9);
            Assert.Equal(predictions.Labels[p.Probabilities[1] > p.Probabilities[0] ? 1 : 0], p.Label);
        });
    }

    [Fact]
    public async Task The_runs_list_shows_it_completed()
    {
        var listed = Assert.Single((await Client.ListExperimentsAsync()).Items, e => e.Id == run.Id);
        Assert.Equal((ExperimentStatus.Completed, 2, Done.ZeroShotAccuracy), (listed.Status, listed.RoundsCompleted, listed.ZeroShotAccuracy));
    }

    [Fact]
    public async Task The_log_says_it_started_ran_each_round_and_completed()
    {
        var log = await Client.GetLogAsync(run.Id);
        Assert.Contains(log, l => l.Message.StartsWith("Started", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Message.StartsWith("Round 2/2", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Message.StartsWith("Completed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pages_were_told_each_step_in_order()
    {
        var kinds = run.Events.Select(e => e.Kind).ToArray();
        Assert.Contains(RunEventKind.Created, kinds); // published by the request, which races the job's first event
        Assert.Equal([RunEventKind.Started, RunEventKind.RoundCompleted, RunEventKind.RoundCompleted, RunEventKind.Completed],
            kinds.Where(k => k != RunEventKind.Created));
        // A signal names its round in its message only: pages read the round itself from the store.
        Assert.Equal(["Round 1/2", "Round 2/2"],
            run.Events.Where(e => e.Kind == RunEventKind.RoundCompleted).Select(e => e.Message!.Split(':')[0]));
    }
}
