using FedBpt.Web.Experiments;
using FedBpt.Engine.Experiments;
using FedBpt.Storage;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Jobs;

/// <summary>What a start-up finds after a crash: no Hangfire jobs (in-memory), only our database.</summary>
public sealed class CrashRecoveryTests
{
    private static readonly ExperimentSpec Spec = new()
    {
        Task = "sst2", Model = "tiny-roberta-mlm", NumClients = 2, NumRounds = 1, KShot = 4, IntrinsicDim = 20, NPromptTokens = 5,
        VerbalizerLeadingSpace = true,
    };

    [Fact]
    public async Task Start_up_runs_a_crashed_run_once_its_lease_expires_and_a_pending_one_that_lost_its_job()
    {
        using var database = new TempDatabase();
        int crashed, pending;
        var lease = TimeSpan.FromSeconds(8); // longer than the other run plus this one's zero-shot evaluation
        var leaseExpires = DateTime.UtcNow + lease;
        await using (var services = new ServiceCollection().AddLogging().AddFedBptStorage(database.ConnectionString).BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var store = services.GetRequiredService<ExperimentStore>();
            crashed = await store.CreateAsync(NewExperiment("crashed"));
            // A process that died mid-run: Running, its lease still live for a few seconds.
            Assert.Equal(StartOutcome.Started, await store.TryStartAsync(crashed, "gone-host:4242:7", lease));
            pending = await store.CreateAsync(NewExperiment("queued, never started"));
        }

        await using var factory = new FedBptWebFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        await client.WaitForStatusAsync(pending, ExperimentStatus.Completed);
        await client.WaitForStatusAsync(crashed, ExperimentStatus.Completed);

        var firstLine = (await client.GetLogAsync(crashed))[0];
        Assert.StartsWith("Started", firstLine.Message, StringComparison.Ordinal);
        Assert.True(firstLine.TimestampUtc >= leaseExpires, "the live lease was respected");
    }

    [Fact]
    public async Task A_run_whose_lease_holder_was_a_process_on_this_machine_that_died_resumes_without_waiting_for_the_lease()
    {
        using var database = new TempDatabase();
        int crashed;
        var lease = TimeSpan.FromMinutes(10);
        using (var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "0.3") { UseShellExecute = false })!)
        {
            // The owner a killed service left behind: this machine, a pid that no longer runs, its start time.
            var deadOwner = $"{Environment.MachineName}:{exited.Id}:{exited.StartTime.ToUniversalTime().Ticks}:12";
            exited.WaitForExit();
            await using var services = new ServiceCollection().AddLogging().AddFedBptStorage(database.ConnectionString).BuildServiceProvider();
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var store = services.GetRequiredService<ExperimentStore>();
            crashed = await store.CreateAsync(NewExperiment("killed with its service"));
            Assert.Equal(StartOutcome.Started, await store.TryStartAsync(crashed, deadOwner, lease));
        }

        await using var factory = new FedBptWebFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        var done = await client.WaitForAsync(crashed, e => e.Status == ExperimentStatus.Completed, TimeSpan.FromMinutes(2));
        Assert.True(done.FinishedUtc < DateTime.UtcNow + lease - TimeSpan.FromMinutes(8), "it did not wait for the lease to expire");
        Assert.Equal(1, done.RoundsCompleted);
    }

    [Fact]
    public void Only_owners_on_this_machine_whose_process_is_gone_count_as_dead()
    {
        Assert.False(Web.Jobs.RunOwner.IsDeadLocalProcess("gone-host:4242:7:1")); // another machine: cannot tell
        Assert.False(Web.Jobs.RunOwner.IsDeadLocalProcess(Web.Jobs.RunOwner.ForJob("3"))); // this process
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        // This pid, but another start time: the pid was reused by another process.
        Assert.True(Web.Jobs.RunOwner.IsDeadLocalProcess($"{Environment.MachineName}:{self.Id}:1:3"));
        Assert.False(Web.Jobs.RunOwner.IsDeadLocalProcess(null));
        Assert.False(Web.Jobs.RunOwner.IsDeadLocalProcess("malformed"));
    }

    private static ExperimentInsert NewExperiment(string name) => Spec.ToExperimentInsert(name);
}
