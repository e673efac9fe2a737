using System.Collections.Concurrent;
using FedBpt.Engine.Experiments;
using FedBpt.Storage;
using FedBpt.Web.Experiments;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedBpt.Web.Tests.Notifications;

/// <summary>A web process learns, from the shared database alone, what a worker in another process did.</summary>
public sealed class RunStateWatcherTests
{
    private static readonly ExperimentSpec Spec = new()
    {
        Task = "sst2", Model = "tiny-roberta-mlm", NumClients = 2, NumRounds = 3, KShot = 4, IntrinsicDim = 20, NPromptTokens = 5,
    };

    [Fact]
    public async Task Runs_written_by_another_process_reach_this_processs_pages_as_events()
    {
        using var database = new TempDatabase();
        // Two service providers on one database file: "web" (watching) and "worker" (writing), as two processes would.
        await using var web = new ServiceCollection().AddLogging().AddFedBptStorage(database.ConnectionString).BuildServiceProvider();
        await using var worker = new ServiceCollection().AddLogging().AddFedBptStorage(database.ConnectionString).BuildServiceProvider();
        await web.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var before = await worker.GetRequiredService<ExperimentStore>().CreateAsync(Spec.ToExperimentInsert("there before the web process"));

        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance);
        var seen = new BlockingCollection<string>();
        using var all = notifier.SubscribeAll(e => seen.Add($"{e.ExperimentId}:{e.Kind}"));
        using var watcher = new RunStateWatcher(web.GetRequiredService<ExperimentStore>(), notifier, TimeSpan.FromMilliseconds(200),
            NullLogger<RunStateWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        await Task.Delay(500); // its first reading is the baseline: nothing is announced for what was already there

        var store = worker.GetRequiredService<ExperimentStore>();
        int id = await store.CreateAsync(Spec.ToExperimentInsert("run by a worker"));
        Assert.Equal($"{id}:Created", Next(seen));
        Assert.Equal(StartOutcome.Started, await store.TryStartAsync(id, "worker-b:1:1:1", TimeSpan.FromMinutes(2)));
        Assert.Equal($"{id}:Started", Next(seen));
        await SetRoundsCompletedAsync(worker, id, 1); // what recording a round does to the run's row
        Assert.Equal($"{id}:RoundCompleted", Next(seen));
        Assert.True(await store.CancelAsync(id));
        Assert.Equal($"{id}:Cancelled", Next(seen));
        Assert.True(await store.DeleteAsync(before));
        Assert.Equal($"{before}:Deleted", Next(seen));

        await watcher.StopAsync(CancellationToken.None);
        Assert.False(seen.TryTake(out var extra, 500), $"nothing else happened, yet it announced {extra}");
    }

    private static string Next(BlockingCollection<string> seen) =>
        seen.TryTake(out var e, TimeSpan.FromSeconds(10)) ? e : throw new TimeoutException("no event within 10 s");

    private static async Task SetRoundsCompletedAsync(IServiceProvider services, int id, int rounds)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FedBptDbContext>>().CreateDbContextAsync();
        await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.RoundsCompleted, rounds));
    }
}
