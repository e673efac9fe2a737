using System.Net;
using System.Net.Http.Json;
using FedBpt.Storage.Entities;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Api;

/// <summary>Experiments that really run: the tiny model on SST-2, a few seconds a round (what a completed run recorded: <see cref="CompletedRunTests"/>).</summary>
public sealed class ExperimentRunTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

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
