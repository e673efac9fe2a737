using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Web.Api.Experiments;
using Xunit.Sdk;

namespace FedBpt.Web.Tests.Infrastructure;

/// <summary>The calls the tests make, reading the API's own contract types.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<HttpResponseMessage> PostExperimentAsync(this HttpClient client, string name, JsonNode? spec) =>
        client.PostAsJsonAsync("/api/experiments", new JsonObject { ["name"] = name, ["spec"] = spec?.DeepClone() });

    public static async Task<int> CreateExperimentAsync(this HttpClient client, string name, JsonObject spec)
    {
        using var response = await client.PostExperimentAsync(name, spec);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new XunitException($"Create returned {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var created = await response.Content.ReadFromJsonAsync<CreatedExperiment>(Json);
        Assert.Equal($"/api/experiments/{created!.Id}", response.Headers.Location?.OriginalString);
        return created.Id;
    }

    public static async Task<ExperimentDetail> GetExperimentAsync(this HttpClient client, int id) =>
        (await client.GetFromJsonAsync<ExperimentDetail>($"/api/experiments/{id}", Json))!;

    public static async Task<RoundRecord[]> GetRoundsAsync(this HttpClient client, int id) =>
        (await client.GetFromJsonAsync<RoundRecord[]>($"/api/experiments/{id}/rounds", Json))!;

    public static async Task<LogLineDto[]> GetLogAsync(this HttpClient client, int id) =>
        (await client.GetFromJsonAsync<LogLineDto[]>($"/api/experiments/{id}/log", Json))!;

    public static async Task<ExperimentList> ListExperimentsAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<ExperimentList>("/api/experiments", Json))!;

    /// <summary>Polls until <paramref name="until"/> holds; a run that fails (unless awaited) or takes too long fails the test.</summary>
    public static async Task<ExperimentDetail> WaitForAsync(
        this HttpClient client, int id, Func<ExperimentDetail, bool> until, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var experiment = await client.GetExperimentAsync(id);
            if (until(experiment)) return experiment;
            if (experiment.Status == ExperimentStatus.Failed) throw new XunitException($"Experiment {id} failed: {experiment.Error}");
            if (clock.Elapsed > (timeout ?? TimeSpan.FromMinutes(2)))
                throw new XunitException($"Experiment {id} is still {experiment.Status} after {clock.Elapsed} ({experiment.RoundsCompleted} rounds).");
            await Task.Delay(100);
        }
    }

    public static Task<ExperimentDetail> WaitForStatusAsync(this HttpClient client, int id, ExperimentStatus status) =>
        client.WaitForAsync(id, e => e.Status == status);
}
