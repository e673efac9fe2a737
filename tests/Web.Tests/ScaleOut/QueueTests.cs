using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.ScaleOut;

/// <summary>An experiment that names a queue waits there for a worker serving it; a bad name is refused.</summary>
public sealed class QueueTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task A_named_queue_holds_the_run_until_a_worker_serves_it()
    {
        using var response = await app.Client.PostAsJsonAsync("/api/experiments",
            new JsonObject { ["name"] = "queued", ["spec"] = Specs.Tiny(numRounds: 1), ["queue"] = "gpu" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        var stored = (await app.Factory.Services.GetRequiredService<ExperimentStore>().GetAsync(id))!;
        Assert.Equal("gpu", stored.Queue);
        // This host's server serves only the shared queue: the job waits on "gpu", not started.
        var monitoring = app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Contains(monitoring.EnqueuedJobs("gpu", 0, 10), j => j.Key == stored.HangfireJobId);
        Assert.Equal(Storage.Entities.ExperimentStatus.Pending, stored.Status);
        await app.Client.PostAsync($"/api/experiments/{id}/cancel", null);
    }

    [Fact]
    public async Task A_bad_queue_name_is_refused_by_field()
    {
        using var response = await app.Client.PostAsJsonAsync("/api/experiments",
            new JsonObject { ["name"] = "queued", ["spec"] = Specs.Tiny(numRounds: 1), ["queue"] = "Big GPU" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("not a queue name", Assert.Single(problem.Errors["queue"]), StringComparison.Ordinal);
    }
}
