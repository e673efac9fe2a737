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

    private static NewExperiment NewExperiment(string name) => new()
    {
        Name = name,
        SpecJson = Spec.ToJson(),
        Task = Spec.Task,
        Model = Spec.Model,
        Algorithm = Spec.Algorithm,
        NumClients = Spec.NumClients,
        NumRounds = Spec.NumRounds,
        Iid = Spec.Iid,
        Seed = Spec.Seed,
    };
}
