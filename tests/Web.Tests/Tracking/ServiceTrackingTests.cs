using System.IO.Compression;
using System.Net;
using FedBpt.Engine.Tracking;
using FedBpt.Engine.Tracking.Mlflow;
using FedBpt.Storage.Entities;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Mlflow;
using FedBpt.Web.Api.Experiments;
using FedBpt.Web.Components.Runs;
using FedBpt.Web.Tests.Infrastructure;
using FedBpt.Web.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Tracking;

/// <summary>Service runs with TensorBoard events and MLflow on: the real job, the stub server, the zip endpoint.</summary>
public sealed class ServiceTrackingTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly string _events = Directory.CreateTempSubdirectory("fedbpt-tb-service-").FullName;
    private StubMlflowServer _mlflow = null!;

    public async Task InitializeAsync() => _mlflow = await StubMlflowServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _mlflow.DisposeAsync();
        Directory.Delete(_events, recursive: true);
        _database.Dispose();
    }

    [Fact]
    public async Task A_run_writes_its_events_offers_them_as_a_zip_and_becomes_an_MLflow_run()
    {
        await using var app = Host(tensorBoard: true);
        using var client = app.CreateClient();
        int id = await client.CreateExperimentAsync("Tracked run #1", Specs.Tiny(numRounds: 2));
        await client.WaitForStatusAsync(id, ExperimentStatus.Completed);
        var rounds = await client.GetRoundsAsync(id);

        using var response = await client.GetAsync($"/api/experiments/{id}/tensorboard.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var entry = Assert.Single(zip.Entries);
        Assert.StartsWith($"{id}-tracked-run-1/tb_events/site-1/events.out.tfevents.", entry.FullName, StringComparison.Ordinal);
        var file = Path.Combine(_events, "downloaded.tfevents");
        entry.ExtractToFile(file);
        var events = EventFileReader.Read(file);
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.GlobalTestAccuracy!.Value)), events.Scalars(TrackedMetrics.GlobalTestAccuracy));
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.TrainFitnessMean!.Value)), events.Scalars(TrackedMetrics.TrainFitnessMean));
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.Sigma)), events.Scalars(TrackedMetrics.Sigma));
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.BytesUp)), events.Scalars(TrackedMetrics.BytesUp));

        await _mlflow.WaitUntilAsync(s => s.Runs.Any(r => r.Status == MlflowRunStatus.Finished));
        var run = Assert.Single(_mlflow.Runs);
        Assert.Equal("Tracked run #1", run.RunName);
        Assert.Equal($"{id}", run.Tags["fedbpt.experiment_id"]);
        Assert.Equal("tiny-roberta-mlm", run.Tags["model"]);
        Assert.Equal("2", run.Params["numRounds"]);
        Assert.Equal(rounds.Select(r => (r.Round * 1L, r.GlobalTestAccuracy!.Value)),
            run.Metrics.Where(m => m.Key == TrackedMetrics.GlobalTestAccuracy).Select(m => (m.Step, m.Value)));
        Assert.Equal(rounds.Select(r => (r.Round * 1L, (double)r.LmQueries)),
            run.Metrics.Where(m => m.Key == TrackedMetrics.LmQueries).Select(m => (m.Step, m.Value)));
        Assert.Contains(_mlflow.Artifacts.Keys, k => k.EndsWith("/prompt-best.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_MLflow_is_down_the_run_completes_and_its_page_counts_the_pending_rounds_until_they_are_delivered()
    {
        _mlflow.Unavailable = true;
        await using var app = Host(tensorBoard: false);
        var trackers = app.Services.GetRequiredService<RunTrackers>();
        trackers.QueueOptions = new MlflowQueueOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        using var client = app.CreateClient();

        using var off = await client.GetAsync("/api/experiments/1/tensorboard.zip");
        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);

        int id = await client.CreateExperimentAsync("offline tracking", Specs.Tiny(numRounds: 2));
        await client.WaitForStatusAsync(id, ExperimentStatus.Completed);
        var pending = trackers.MlflowState(id);
        Assert.NotNull(pending);
        Assert.Equal(2, pending.PendingRounds);
        Assert.Equal("MLflow: 2 rounds pending", MlflowStatus.Text(pending));
        Assert.NotEmpty(_mlflow.Refused);

        _mlflow.Unavailable = false;
        await _mlflow.WaitUntilAsync(s => s.Runs.Any(r => r.Status == MlflowRunStatus.Finished));
        await _mlflow.WaitUntilAsync(_ => trackers.MlflowState(id) is { PendingRounds: 0, RunPage: not null });
        Assert.Equal("MLflow: logged", MlflowStatus.Text(trackers.MlflowState(id)!));
        var rounds = await client.GetRoundsAsync(id);
        Assert.Equal(rounds.Select(r => (r.Round * 1L, r.Sigma)),
            Assert.Single(_mlflow.Runs).Metrics.Where(m => m.Key == TrackedMetrics.Sigma).Select(m => (m.Step, m.Value)));
    }

    [Fact]
    public async Task A_run_resumed_after_a_restart_continues_its_event_file_and_its_MLflow_run_without_repeating_a_step()
    {
        int id;
        await using (var first = Host(tensorBoard: true))
        {
            using var client = first.CreateClient();
            id = await client.CreateExperimentAsync("restarted", Specs.Tiny(numRounds: 3));
            await client.WaitForAsync(id, e => e.RoundsCompleted >= 1);
        } // stopping the host interrupts the run; the next host resumes it from its last stored round

        await using var second = Host(tensorBoard: true);
        using var client2 = second.CreateClient();
        await client2.WaitForStatusAsync(id, ExperimentStatus.Completed);
        var rounds = await client2.GetRoundsAsync(id);
        Assert.Equal(3, rounds.Length);
        Assert.Contains(await client2.GetLogAsync(id), l => l.Message.StartsWith("Resuming", StringComparison.Ordinal));

        var events = EventFileReader.ReadFolder(Path.Combine(_events, $"{id}-restarted", "tb_events", "site-1"));
        Assert.Single(events, e => e.FileVersion is not null);
        Assert.Single(events, e => e.Values.Any(v => v.Text is not null));
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.Sigma)), events.Scalars(TrackedMetrics.Sigma));
        Assert.Equal(rounds.Select(r => ((long)r.Round, (float)r.LmQueries)), events.Scalars(TrackedMetrics.LmQueries));

        await _mlflow.WaitUntilAsync(s => s.Runs.Any(r => r.Status == MlflowRunStatus.Finished));
        var run = Assert.Single(_mlflow.Runs);
        Assert.Single(_mlflow.CallsTo("runs/create"));
        Assert.Equal(rounds.Select(r => (r.Round * 1L, r.Sigma)), run.Metrics.Where(m => m.Key == TrackedMetrics.Sigma).Select(m => (m.Step, m.Value)));
    }

    private FedBptWebFactory Host(bool tensorBoard)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FedBpt:Mlflow:TrackingUri"] = _mlflow.Uri.ToString(),
            ["FedBpt:Mlflow:ExperimentName"] = "service-tests",
        };
        if (tensorBoard) settings["FedBpt:TensorBoard:Directory"] = _events;
        return new FedBptWebFactory(_database.ConnectionString, settings);
    }
}
