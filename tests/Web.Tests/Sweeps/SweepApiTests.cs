using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FedBpt.Web.Sweeps;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Tests.Sweeps;

public sealed class SweepApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    private static JsonObject Request(JsonNode? seeds, JsonObject? axes, string? queue = null)
    {
        var request = new JsonObject { ["name"] = "grid", ["spec"] = Specs.Tiny(numRounds: 1), ["seeds"] = seeds, ["axes"] = axes };
        if (queue is not null) request["queue"] = queue;
        return request;
    }

    [Fact]
    public async Task A_sweep_creates_one_experiment_per_grid_point_in_grid_order()
    {
        using var response = await Client.PostAsJsonAsync("/api/sweeps",
            Request(new JsonArray(1, 2), new JsonObject { ["sigma"] = new JsonArray(0.5, 1.0) }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sweep = (await response.Content.ReadFromJsonAsync<CreatedSweep>(ApiClient.Json))!;
        Assert.Equal($"/api/sweeps/{sweep.Id}", response.Headers.Location?.OriginalString);
        var runs = new List<(string Name, double Sigma, long Seed)>();
        foreach (var id in sweep.ExperimentIds)
        {
            var experiment = await Client.GetExperimentAsync(id);
            runs.Add((experiment.Name, experiment.Spec.GetProperty("sigma").GetDouble(), experiment.Spec.GetProperty("seed").GetInt64()));
            await Client.PostAsync($"/api/experiments/{id}/cancel", null); // the grid is what is tested, not the runs
        }
        Assert.Equal(
        [
            ("grid · sigma=0.5 · seed=1", 0.5, 1L), ("grid · sigma=0.5 · seed=2", 0.5, 2L),
            ("grid · sigma=1 · seed=1", 1.0, 1L), ("grid · sigma=1 · seed=2", 1.0, 2L),
        ], runs);
        var listed = (await Client.GetFromJsonAsync<SweepListItem[]>("/api/sweeps", ApiClient.Json))!;
        Assert.Equal(4, Assert.Single(listed, s => s.Id == sweep.Id).Runs);
        var detail = (await Client.GetFromJsonAsync<SweepDetail>($"/api/sweeps/{sweep.Id}", ApiClient.Json))!;
        Assert.Equal(sweep.ExperimentIds, detail.ExperimentIds);
        Assert.Equal(["sigma=0.5", "sigma=1"], detail.Settings.Select(s => s.Label));
    }

    public static TheoryData<string, JsonObject, string, string> BadSweeps => new()
    {
        { "no axes", Request(null, null), "axes", "give seeds or at least one spec key" },
        { "a seed twice", Request(new JsonArray(1, 1), null), "seeds", "lists a seed twice" },
        { "an empty axis", Request(null, new JsonObject { ["sigma"] = new JsonArray() }), "axes.sigma", "at least one value" },
        { "seed twice over", Request(new JsonArray(1), new JsonObject { ["seed"] = new JsonArray(2) }), "axes.seed", "given as seeds already" },
        { "a bad queue", Request(new JsonArray(1), null, queue: "GPU!"), "queue", "not a queue name" },
        { "a bad value at one point", Request(new JsonArray(1), new JsonObject { ["sigma"] = new JsonArray(0.5, -1) }), "sigma", "sigma=-1 · seed=1" },
        { "an unknown key", Request(new JsonArray(1), new JsonObject { ["sigmaa"] = new JsonArray(0.5) }), "sigmaa", "did you mean 'sigma'" },
        { "too many runs", Request(new JsonArray(Enumerable.Range(1, 201).Select(i => (JsonNode?)i).ToArray()), null), "axes", "at most 200" },
    };

    [Theory]
    [MemberData(nameof(BadSweeps))]
    public async Task A_bad_sweep_is_refused_naming_the_field_and_stores_nothing(string why, JsonObject request, string field, string message)
    {
        var before = (await Client.ListExperimentsAsync()).TotalCount;

        using var response = await Client.PostAsJsonAsync("/api/sweeps", request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.True(problem.Errors.TryGetValue(field, out var messages), $"{why}: {string.Join("; ", problem.Errors.Keys)}");
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, (await Client.ListExperimentsAsync()).TotalCount);
    }

    [Fact]
    public async Task An_unknown_sweep_is_404()
    {
        using var response = await Client.GetAsync("/api/sweeps/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
