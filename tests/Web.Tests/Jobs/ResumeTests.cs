using System.Globalization;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Storage;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Api.Experiments;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Jobs;

public sealed class ResumeTests
{
    [Fact]
    public async Task A_run_stopped_by_a_restart_resumes_from_its_checkpoint_and_ends_as_if_never_stopped()
    {
        using var database = new TempDatabase();
        var spec = Specs.Tiny(numRounds: 3);
        int restarted;
        await using (var first = new FedBptWebFactory(database.ConnectionString))
        {
            using var client = first.CreateClient();
            restarted = await client.CreateExperimentAsync("restarted", spec);
            await client.WaitForAsync(restarted, e => e.RoundsCompleted >= 1);
            var running = await ReadStoredAsync(database, restarted);
            Assert.Equal(FedBpt.Web.Jobs.RunOwner.ForJob(running.HangfireJobId), running.LeaseOwner);
            Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", running.LeaseOwner, StringComparison.Ordinal);
        } // stopping the host cancels the job, which gives its lease back and leaves the run Running

        var stopped = await ReadStoredAsync(database, restarted);
        Assert.Equal(ExperimentStatus.Running, stopped.Status);
        Assert.Null(stopped.LeaseOwner);
        Assert.InRange(stopped.RoundsCompleted, 1, 2);

        await using var second = new FedBptWebFactory(database.ConnectionString);
        using var client2 = second.CreateClient();
        var reference = await client2.CreateExperimentAsync("uninterrupted", spec);
        await client2.WaitForStatusAsync(restarted, ExperimentStatus.Completed);
        await client2.WaitForStatusAsync(reference, ExperimentStatus.Completed);

        var resumedRounds = Fingerprint(await client2.GetRoundsAsync(restarted));
        Assert.Equal(3, resumedRounds.Length);
        Assert.Equal(Fingerprint(await client2.GetRoundsAsync(reference)), resumedRounds);
        Assert.Equal(await FinalZAsync(client2, reference), await FinalZAsync(client2, restarted));

        var log = (await client2.GetLogAsync(restarted)).Select(l => l.Message).ToArray();
        Assert.Contains(log, m => m.StartsWith("Interrupted", StringComparison.Ordinal));
        Assert.Contains(log, m => m.StartsWith($"Resuming from round {stopped.RoundsCompleted + 1} of 3", StringComparison.Ordinal));
        Assert.Single(log, m => m.StartsWith("Started", StringComparison.Ordinal)); // it did not start over
    }

    /// <summary>Everything a round computed, exactly (round-trip formatting); wall-clock time is left out.</summary>
    private static string[] Fingerprint(RoundRecord[] rounds) =>
        rounds.Select(r => string.Join(' ',
                new object?[] { r.Round, r.GlobalTestAccuracy, r.TrainFitnessMean, r.TrainFitnessMin, r.TrainFitnessMax, r.Sigma, r.LmQueries, r.BytesUp, r.BytesDown }
                    .Concat(r.Clients.SelectMany(c => new object[] { c.Client, c.Fitness, c.Sigma, c.Examples, c.LmQueries }))
                    .Select(v => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture))))
            .ToArray();

    private static async Task<double[]> FinalZAsync(HttpClient client, int id) =>
        PromptDocument.FromJson(await client.GetStringAsync($"/api/experiments/{id}/prompt?which=final")).Z;

    /// <summary>The row as the stopped host left it, read without starting another host.</summary>
    private static async Task<Experiment> ReadStoredAsync(TempDatabase database, int id)
    {
        await using var services = new ServiceCollection().AddLogging().AddFedBptStorage(database.ConnectionString).BuildServiceProvider();
        return (await services.GetRequiredService<ExperimentStore>().GetAsync(id))!;
    }
}
