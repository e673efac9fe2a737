using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FedBpt.Storage.Tests;

public class DeleteTests : DatabaseTest
{
    [Fact]
    public async Task Deleting_an_experiment_deletes_everything_recorded_for_it_and_nothing_else()
    {
        var doomed = await CreateFinishedWithHistoryAsync();
        var kept = await CreateFinishedWithHistoryAsync();
        var keptBefore = await CountChildrenAsync(kept);

        Assert.True(await Store.DeleteAsync(doomed));

        Assert.Null(await Store.GetAsync(doomed));
        Assert.Equal((0, 0, 0, 0, 0), await CountChildrenAsync(doomed));
        Assert.Equal(keptBefore, await CountChildrenAsync(kept));
        Assert.Equal((2, 6, 1, 2, 1), keptBefore);
    }

    [Fact]
    public async Task A_running_experiment_cannot_be_deleted()
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0));

        var error = await Assert.ThrowsAsync<ExperimentStateException>(() => Store.DeleteAsync(id));

        Assert.Equal(ExperimentStatus.Running, error.Status);
        Assert.NotNull(await Store.GetAsync(id));
        Assert.Single(await Store.GetRoundsAsync(id));
    }

    [Fact]
    public async Task Deleting_a_pending_experiment_works_and_a_missing_one_returns_false()
    {
        var id = await CreateExperimentAsync();

        Assert.True(await Store.DeleteAsync(id));
        Assert.False(await Store.DeleteAsync(id));
    }

    private async Task<int> CreateFinishedWithHistoryAsync()
    {
        var id = await CreateRunningAsync("w");
        await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.5));
        await Store.RecordRoundAsync(id, Samples.Round(1, accuracy: 0.6));
        await Store.AppendLogAsync(id, LogLevel.Information, "done");
        await Store.CompleteAsync(id, "w");
        return id;
    }

    private async Task<(int Rounds, int Clients, int Checkpoints, int Prompts, int Logs)> CountChildrenAsync(int id)
    {
        await using var db = Db.NewContext();
        return (
            await db.RoundMetrics.CountAsync(r => r.ExperimentId == id),
            await db.ClientRoundMetrics.CountAsync(c => c.ExperimentId == id),
            await db.Checkpoints.CountAsync(c => c.ExperimentId == id),
            await db.PromptArtifacts.CountAsync(p => p.ExperimentId == id),
            await db.LogEntries.CountAsync(l => l.ExperimentId == id));
    }
}
