using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FedBpt.Engine.Experiments;
using FedBpt.Storage.Entities;
using FedBpt.Web.Predictions;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Api;

/// <summary>Experiments that really run: the tiny model on SST-2, a few seconds a round.</summary>
public sealed class ExperimentRunTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    [Fact]
    public async Task A_run_completes_and_everything_it_recorded_can_be_read()
    {
        var events = new ConcurrentQueue<RunEvent>();
        using var _ = app.Factory.Services.GetRequiredService<RunNotifier>().SubscribeAll(events.Enqueue);

        var id = await Client.CreateExperimentAsync("tiny sst2", Specs.Tiny(numRounds: 2));
        Assert.True(File.Exists(app.DatabasePath), "the factory's database is the one in use");
        var done = await Client.WaitForStatusAsync(id, ExperimentStatus.Completed);

        Assert.Equal((2, 2, 1.0), (done.RoundsCompleted, done.NumRounds, done.Progress));
        Assert.Equal(("sst2", "tiny-roberta-mlm", "fedbpt", 2), (done.Task, done.Model, done.Algorithm, done.NumClients));
        Assert.NotNull(done.BestAccuracy);
        Assert.NotNull(done.FinalAccuracy);
        Assert.InRange(done.ZeroShotAccuracy!.Value, 0.0, 1.0);
        Assert.StartsWith("cpu", done.Device);
        Assert.True(done.FinishedUtc >= done.StartedUtc && done.StartedUtc >= done.CreatedUtc);
        Assert.Equal(20, done.Spec.GetProperty("intrinsicDim").GetInt32());
        Assert.Equal(1234, done.Spec.GetProperty("seed").GetInt64()); // omitted keys take the reference defaults
        var labels = done.LabelDistribution!.Value;
        Assert.Equal(["bad", "great"], labels.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(8, labels.GetProperty("clients").EnumerateArray().SelectMany(c => c.EnumerateArray()).Sum(n => n.GetInt32())); // 4 per class

        var rounds = await Client.GetRoundsAsync(id);
        Assert.Equal([0, 1], rounds.Select(r => r.Round));
        Assert.All(rounds, r => Assert.Equal(2, r.Clients.Count));
        Assert.True(rounds[1].LmQueries > rounds[0].LmQueries);
        Assert.Equal(done.FinalAccuracy, rounds[^1].GlobalTestAccuracy);
        Assert.Equal(done.BestAccuracy, rounds.Max(r => r.GlobalTestAccuracy));

        var csv = await Client.GetAsync($"/api/experiments/{id}/metrics.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"experiment-{id}-metrics.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("round,global_test_accuracy,train_fitness_mean,train_fitness_min,train_fitness_max,sigma,lm_queries,bytes_up,bytes_down,wall_seconds", lines[0]);
        Assert.Equal(3, lines.Length);
        var row = lines[2].Split(',');
        Assert.Equal(("1", rounds[1].GlobalTestAccuracy, rounds[1].Sigma, rounds[1].LmQueries),
            (row[0], double.Parse(row[1], CultureInfo.InvariantCulture), double.Parse(row[5], CultureInfo.InvariantCulture), long.Parse(row[6], CultureInfo.InvariantCulture)));

        foreach (var which in new[] { "best", "final" })
        {
            var download = await Client.GetAsync($"/api/experiments/{id}/prompt?which={which}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal($"experiment-{id}-prompt-{which}.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            var prompt = PromptDocument.FromJson(await download.Content.ReadAsStringAsync());
            Assert.Equal((which, 20, "sst2"), (prompt.Which, prompt.Z.Length, prompt.Task));
            Assert.Equal(which == "final" ? 1 : done.BestRound, prompt.Round);
        }

        var predict = await Client.PostAsJsonAsync("/api/predict", new { experimentId = id, which = "best", texts = new[] { "a great movie", "a dull , tedious mess" } });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        var predictions = (await predict.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
        Assert.Equal(["bad", "great"], predictions.Labels);
        Assert.Equal(done.BestRound, predictions.PromptRound);
        Assert.Equal(2, predictions.Predictions.Count);
        Assert.All(predictions.Predictions, p =>
        {
            Assert.Contains(p.Label, predictions.Labels);
            Assert.Contains(p.ZeroShotLabel, predictions.Labels);
            Assert.Equal(1.0, p.Probabilities.Sum(), 9);
            Assert.Equal(1.0, p.ZeroShotProbabilities.Sum(), 9);
            Assert.Equal(predictions.Labels[p.Probabilities[1] > p.Probabilities[0] ? 1 : 0], p.Label);
        });

        var listed = Assert.Single((await Client.ListExperimentsAsync()).Items, e => e.Id == id);
        Assert.Equal((ExperimentStatus.Completed, 2, done.ZeroShotAccuracy), (listed.Status, listed.RoundsCompleted, listed.ZeroShotAccuracy));

        var log = await Client.GetLogAsync(id);
        Assert.Contains(log, l => l.Message.StartsWith("Started", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Message.StartsWith("Round 2/2", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Message.StartsWith("Completed", StringComparison.Ordinal));

        var kinds = events.Where(e => e.ExperimentId == id).Select(e => e.Kind).ToArray();
        Assert.Contains(RunEventKind.Created, kinds); // published by the request, which races the job's first event
        Assert.Equal([RunEventKind.Started, RunEventKind.RoundCompleted, RunEventKind.RoundCompleted, RunEventKind.Completed],
            kinds.Where(k => k != RunEventKind.Created));
        Assert.Equal([0, 1], events.Where(e => e.ExperimentId == id && e.Round is not null).Select(e => e.Round!.Round));
    }

    [Fact]
    public async Task Cancelling_a_running_experiment_stops_it_and_keeps_its_rounds()
    {
        var id = await Client.CreateExperimentAsync("long", Specs.Tiny(numRounds: 500));
        await Client.WaitForAsync(id, e => e.RoundsCompleted >= 1);

        var refused = await Client.DeleteAsync($"/api/experiments/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var cancel = await Client.PostAsync($"/api/experiments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await Client.GetExperimentAsync(id);
        Assert.Equal(ExperimentStatus.Cancelled, cancelled.Status);

        // The job stops at its next cancellation check and records nothing more (up to a minute: other test
        // assemblies train on the same cores, so a forward pass can take seconds).
        var jobs = app.Factory.Services.GetRequiredService<FedBpt.Web.Jobs.ActiveRuns>();
        for (int i = 0; i < 600 && jobs.IsRunning(id); i++) await Task.Delay(100);
        Assert.False(jobs.IsRunning(id));
        var after = await Client.GetExperimentAsync(id);
        Assert.Equal((ExperimentStatus.Cancelled, cancelled.RoundsCompleted), (after.Status, after.RoundsCompleted));
        Assert.True(after.RoundsCompleted is >= 1 and < 500);
        Assert.Equal(after.RoundsCompleted, (await Client.GetRoundsAsync(id)).Length);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/experiments/{id}/prompt?which=final")).StatusCode);
        Assert.Contains(await Client.GetLogAsync(id), l => l.Message.StartsWith("Cancelled", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/experiments/{id}/cancel", null)).StatusCode); // idempotent
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/experiments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/experiments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/experiments/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/experiments/9999")]
    [InlineData("GET", "/api/experiments/9999/rounds")]
    [InlineData("GET", "/api/experiments/9999/metrics.csv")]
    [InlineData("GET", "/api/experiments/9999/prompt?which=final")]
    [InlineData("GET", "/api/experiments/9999/log")]
    [InlineData("POST", "/api/experiments/9999/cancel")]
    [InlineData("DELETE", "/api/experiments/9999")]
    public async Task Unknown_experiments_are_404_problem_details(string method, string url)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(404, problem!.Status);
        Assert.Contains("9999", problem.Detail);
    }

    [Fact]
    public async Task Predicting_with_an_unknown_experiment_is_404()
    {
        var response = await Client.PostAsJsonAsync("/api/predict", new { experimentId = 9999, which = "best", texts = new[] { "fine" } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
