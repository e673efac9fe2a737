using Bunit;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Hub;
using FedBpt.Storage;
using FedBpt.Storage.Experiments;
using FedBpt.Tests.Common;
using FedBpt.Web.Configuration;
using FedBpt.Web.Hub;
using FedBpt.Web.Jobs;
using FedBpt.Web.Runtime;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace FedBpt.Web.Tests.Components;

/// <summary>
/// A bUnit context with the services the dashboard pages inject, the real ones over a temporary SQLite file
/// (store, notifier, scheduler on in-memory Hangfire storage), interactive rendering and loose JS interop for
/// plotly.js and MudBlazor.
/// </summary>
public abstract class DashboardContext : BunitContext, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    protected DashboardContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        Services.AddFedBptStorage(_database.ConnectionString);
        Services.AddSingleton<RunNotifier>();
        // Fakes, not Hangfire's storage: Hangfire logs through a process-wide provider that another test's host may
        // have disposed, and the pages only ever delete a job.
        Services.AddSingleton<JobStorage, UnusedJobStorage>();
        Services.AddSingleton<IBackgroundJobClient>(Jobs);
        Services.AddSingleton<ActiveRuns>();
        Services.AddSingleton<SuspendedRuns>();
        Services.AddSingleton<ExperimentScheduler>();
        Services.AddSingleton<ModelCache>();
        // Offline, over an empty cache: no page test reaches a Hub.
        Services.AddSingleton(new HubAccess(new HubSettings(new Uri("http://127.0.0.1:9"), HubCache, null, true, TimeSpan.FromSeconds(1)),
            new ContentRoots([SharedPaths.Models], SharedPaths.RepositoryRoot)));
        Services.AddSingleton<HubDownloads>();
        Services.AddApplicationServices();
        Services.AddSingleton(Options.Create(new FedBptOptions { ModelRoots = [SharedPaths.Models], DataRoots = [SharedPaths.Data] }));
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // after the services: it builds the provider
    }

    /// <summary>An empty Hugging Face cache of this test's own.</summary>
    protected string HubCache { get; } = Path.Combine(Path.GetTempPath(), "fedbpt-page-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The job client the scheduler uses: records the jobs it was asked to delete.</summary>
    protected RecordingJobClient Jobs { get; } = new();

    protected ExperimentStore Store => Services.GetRequiredService<ExperimentStore>();
    protected RunNotifier Notifier => Services.GetRequiredService<RunNotifier>();

    public async Task InitializeAsync() => await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _database.Dispose();
    }

    /// <summary>A running experiment on the tiny model, as the API would create and the job would start it.</summary>
    protected async Task<int> CreateRunningAsync(string name = "live run", int numRounds = 5, string? specJson = null)
    {
        var id = await Store.CreateAsync(new ExperimentInsert
        {
            Name = name,
            SpecJson = specJson ?? $$"""{"task":"sst2","model":"tiny-roberta-mlm","numClients":2,"numRounds":{{numRounds}}}""",
            Task = "sst2",
            Model = "tiny-roberta-mlm",
            Algorithm = "fedbpt",
            NumClients = 2,
            NumRounds = numRounds,
            Iid = false,
            Seed = 1,
        });
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "test-worker", TimeSpan.FromMinutes(5), "cpu"));
        return id;
    }

    /// <summary>Stores round <paramref name="round"/> (0-based) as the job's RoundRecorder does, with two clients.</summary>
    protected Task RecordAsync(int id, int round, double accuracy) =>
        Store.RecordRoundAsync(id, new RoundWrite(new RoundRecord
        {
            Round = round,
            GlobalTestAccuracy = accuracy,
            TrainFitnessMean = 1.0 - accuracy,
            TrainFitnessMin = 0.9 - accuracy,
            TrainFitnessMax = 1.1 - accuracy,
            Sigma = 0.5,
            LmQueries = 100L * (round + 1),
            BytesUp = 1_000,
            BytesDown = 2_000,
            WallSeconds = 10.0 * (round + 1),
            Clients = [new ClientRound(0, 0.4, 0.6, 8, 50), new ClientRound(1, 0.5, 0.7, 8, 50)],
        }, PromptJson: "{}"));

    /// <summary>What the job publishes after storing a round: a signal, the page reads the round from the store.</summary>
    protected void PublishRound(int id, int round, double accuracy, int numRounds = 5) =>
        Notifier.Publish(new RunEvent(id, RunEventKind.RoundCompleted, Storage.Entities.ExperimentStatus.Running,
            $"Round {round + 1}/{numRounds}: accuracy {accuracy:F4}"));
}

public sealed class RecordingJobClient : IBackgroundJobClient
{
    public List<string> Deleted { get; } = [];

    public string Create(Job job, IState state) => throw new NotSupportedException("The dashboard does not queue jobs.");

    public bool ChangeState(string jobId, IState state, string expectedState)
    {
        if (state is DeletedState) Deleted.Add(jobId);
        return true;
    }
}

public sealed class UnusedJobStorage : JobStorage
{
    public override IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();
    public override IStorageConnection GetConnection() => throw new NotSupportedException();
}
