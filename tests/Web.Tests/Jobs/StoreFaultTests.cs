using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedBpt.Storage.Entities;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Sdk;

namespace FedBpt.Web.Tests.Jobs;

/// <summary>
/// A failed write must not strand a run (issue #15, item 5). The fault is real: another connection holds SQLite's
/// write lock past the busy timeout, as a backup tool or a second process would.
/// </summary>
public sealed class StoreFaultTests
{
    [Fact]
    public async Task A_round_that_cannot_be_stored_leaves_the_run_resumable_and_it_finishes_unchanged_once_the_store_is_writable()
    {
        using var database = new TempDatabase();
        await using var factory = new FedBptWebFactory(database.ConnectionString + ";Default Timeout=1", new Dictionary<string, string?>
        {
            ["FedBpt:StoreRetrySeconds"] = "3",
        });
        using var client = factory.CreateClient();
        var spec = Specs.Tiny(numRounds: 3);
        var reference = await client.CreateExperimentAsync("undisturbed", spec);
        await client.WaitForStatusAsync(reference, ExperimentStatus.Completed);

        var id = await client.CreateExperimentAsync("faulted", spec);
        await client.WaitForAsync(id, e => e.RoundsCompleted >= 1);
        await using (var blocker = new SqliteConnection(database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var writeLock = blocker.BeginTransaction(deferred: false); // BEGIN IMMEDIATE

            // The run gives its lease back and says why, while it stays resumable.
            var waiting = await WaitForJsonAsync(client, id, e => e.TryGetProperty("suspended", out var s) && s.ValueKind == JsonValueKind.Object);
            Assert.Equal("Running", waiting.GetProperty("status").GetString());
            var suspended = waiting.GetProperty("suspended");
            Assert.Contains("database is locked", suspended.GetProperty("reason").GetString());
            Assert.True(waiting.GetProperty("roundsCompleted").GetInt32() < 3);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/experiments/{id}/rounds")).StatusCode); // reads still work

            // Writes through the API answer 503 with a Retry-After instead of a 500.
            using var refused = await client.PostExperimentAsync("during the fault", spec);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("database is locked", problem.GetProperty("detail").GetString());

            await writeLock.RollbackAsync();
        }

        // No restart: the run resumes from its checkpoint and ends as if it had never stopped.
        var done = await client.WaitForAsync(id, e => e.Status == ExperimentStatus.Completed, TimeSpan.FromSeconds(90));
        Assert.Equal(3, done.RoundsCompleted);
        Assert.Null(done.Error);
        var expected = await client.GetRoundsAsync(reference);
        var actual = await client.GetRoundsAsync(id);
        Assert.Equal(
            expected.Select(r => (r.Round, r.GlobalTestAccuracy, r.TrainFitnessMean, r.Sigma, r.LmQueries, r.BytesUp)),
            actual.Select(r => (r.Round, r.GlobalTestAccuracy, r.TrainFitnessMean, r.Sigma, r.LmQueries, r.BytesUp)));
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("suspended").ValueKind);
    }

    private static async Task<JsonElement> WaitForJsonAsync(HttpClient client, int id, Func<JsonElement, bool> until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
            if (until(experiment)) return experiment;
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new XunitException($"Experiment {id} never showed the condition: {experiment}");
            await Task.Delay(200);
        }
    }
}
