using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Tests;

public class RecordRoundTests : DatabaseTest
{
    [Fact]
    public async Task A_round_writes_metrics_clients_checkpoint_prompts_and_summary()
    {
        var id = await CreateRunningAsync();
        Db.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.61)));

        var round = Assert.Single(await Store.GetRoundsAsync(id));
        Assert.Equal((0, 0.61, 1000L, 12.5), (round.Round, round.GlobalTestAccuracy!.Value, round.LmQueries, round.WallSeconds));
        Assert.Equal([0, 1, 2], round.Clients.Select(c => c.Client));
        var checkpoint = await Store.GetCheckpointAsync(id);
        Assert.Equal(0, checkpoint!.Round);
        Assert.Equal([0, 1, 2, 3], checkpoint.State);
        var experiment = await Store.GetAsync(id);
        Assert.Equal((1, 0.61, 0, 0.61, 12.5),
            (experiment!.RoundsCompleted, experiment.BestAccuracy, experiment.BestRound, experiment.FinalAccuracy, experiment.WallSeconds));
        Assert.Equal(0, (await Store.GetPromptAsync(id, PromptKind.Best))!.Round);
        Assert.Equal(0, (await Store.GetPromptAsync(id, PromptKind.Final))!.Round);
    }

    [Fact]
    public async Task Best_keeps_the_peak_while_final_follows_the_last_round()
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.60));
        await Store.RecordRoundAsync(id, Samples.Round(1, accuracy: 0.80));
        await Store.RecordRoundAsync(id, Samples.Round(2, accuracy: 0.80)); // a tie does not move the best
        await Store.RecordRoundAsync(id, Samples.Round(3, accuracy: null)); // no evaluation this round
        await Store.RecordRoundAsync(id, Samples.Round(4, accuracy: 0.70));

        var experiment = await Store.GetAsync(id);
        var best = await Store.GetPromptAsync(id, PromptKind.Best);
        var final = await Store.GetPromptAsync(id, PromptKind.Final);

        Assert.Equal((0.80, 1, 0.70, 5), (experiment!.BestAccuracy, experiment.BestRound, experiment.FinalAccuracy, experiment.RoundsCompleted));
        Assert.Equal((1, 0.80), (best!.Round, best.Accuracy));
        Assert.Contains("\"round\":1", best.Json, StringComparison.Ordinal);
        Assert.Equal((4, 0.70), (final!.Round, final.Accuracy));
        Assert.Contains("\"round\":4", final.Json, StringComparison.Ordinal);
        Assert.Equal(4, (await Store.GetCheckpointAsync(id))!.Round);
    }

    [Fact]
    public async Task Recording_the_same_round_twice_changes_nothing_the_second_time()
    {
        var id = await CreateRunningAsync();
        Assert.True(await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.6)));
        var before = await SnapshotAsync(id);

        // A redelivered job replays round 0 with different numbers: the first write wins.
        var replay = Samples.Round(0, accuracy: 0.9) with { CheckpointState = [9, 9, 9] };
        Assert.False(await Store.RecordRoundAsync(id, replay));

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Two_deliveries_recording_the_same_round_at_once_store_it_once()
    {
        var id = await CreateRunningAsync();

        var results = await Task.WhenAll(
            Task.Run(() => Store.RecordRoundAsync(id, Samples.Round(0))),
            Task.Run(() => Store.RecordRoundAsync(id, Samples.Round(0))));

        Assert.Single(results, written => written);
        Assert.Single(await Store.GetRoundsAsync(id));
        Assert.Equal(3, (await Store.GetRoundsAsync(id)).Sum(r => r.Clients.Count));
    }

    [Fact]
    public async Task A_constraint_violation_half_way_leaves_no_trace()
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.6));
        var before = await SnapshotAsync(id);

        // Client 1 twice: the unique (experiment, round, client) index fails after other rows were inserted.
        var broken = Samples.Round(1, accuracy: 0.9, Samples.Client(0), Samples.Client(1), Samples.Client(1));
        await Assert.ThrowsAsync<DbUpdateException>(() => Store.RecordRoundAsync(id, broken));

        Assert.Equal(before, await SnapshotAsync(id));
        Assert.True(await Store.RecordRoundAsync(id, Samples.Round(1, accuracy: 0.9)), "the round can be recorded afterwards");
    }

    // Round 1 below makes 8 writes: checkpoint, 3 clients, round, experiment, Final and Best prompts.
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task A_crash_at_any_write_leaves_no_trace(int failOnWrite)
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0, accuracy: 0.6));
        var before = await SnapshotAsync(id);
        var interceptor = new FailingCommandInterceptor(failOnWrite);

        var error = await Assert.ThrowsAsync<DbUpdateException>(
            () => Db.StoreWith(interceptor).RecordRoundAsync(id, Samples.Round(1, accuracy: 0.9)));

        Assert.StartsWith("Injected failure", error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(failOnWrite - 1, interceptor.WritesExecuted); // earlier writes did reach the database
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Rounds_must_arrive_in_order()
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0));

        var error = await Assert.ThrowsAsync<ExperimentStateException>(() => Store.RecordRoundAsync(id, Samples.Round(2)));

        Assert.Contains("round 1 is the next", error.Message, StringComparison.Ordinal);
        Assert.Single(await Store.GetRoundsAsync(id));
    }

    [Fact]
    public async Task Rounds_are_only_recorded_while_running()
    {
        var pending = await CreateExperimentAsync();
        var cancelled = await CreateRunningAsync();
        await Store.RecordRoundAsync(cancelled, Samples.Round(0));
        await Store.CancelAsync(cancelled);

        var notStarted = await Assert.ThrowsAsync<ExperimentStateException>(() => Store.RecordRoundAsync(pending, Samples.Round(0)));
        var afterCancel = await Assert.ThrowsAsync<ExperimentStateException>(() => Store.RecordRoundAsync(cancelled, Samples.Round(1)));

        Assert.Equal(ExperimentStatus.Pending, notStarted.Status);
        Assert.Equal(ExperimentStatus.Cancelled, afterCancel.Status);
        // A replay of an already stored round stays a quiet no-op, whatever the status.
        Assert.False(await Store.RecordRoundAsync(cancelled, Samples.Round(0)));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.RecordRoundAsync(9999, Samples.Round(0)));
    }

    [Fact]
    public async Task Rounds_can_be_read_from_a_given_round_on()
    {
        var id = await CreateRunningAsync();
        for (var r = 0; r < 4; r++) await Store.RecordRoundAsync(id, Samples.Round(r));

        Assert.Equal([2, 3], (await Store.GetRoundsAsync(id, fromRound: 2)).Select(r => r.Round));
        Assert.Equal(6, (await Store.GetRoundsAsync(id, fromRound: 2)).Sum(r => r.Clients.Count));
    }

    /// <summary>Everything RecordRoundAsync may touch, as comparable text.</summary>
    private async Task<string> SnapshotAsync(int id)
    {
        await using var db = Db.NewContext();
        var experiment = await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id);
        var rounds = await db.RoundMetrics.Where(r => r.ExperimentId == id).OrderBy(r => r.Round)
            .Select(r => $"{r.Round}:{r.GlobalTestAccuracy}:{r.LmQueries}").ToListAsync();
        var clients = await db.ClientRoundMetrics.CountAsync(c => c.ExperimentId == id);
        var checkpoint = await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.ExperimentId == id);
        var prompts = await db.PromptArtifacts.Where(p => p.ExperimentId == id).OrderBy(p => p.Kind)
            .Select(p => $"{p.Kind}:{p.Round}:{p.Accuracy}:{p.Json}").ToListAsync();
        return string.Join(" | ",
            $"completed={experiment.RoundsCompleted} best={experiment.BestAccuracy}@{experiment.BestRound} final={experiment.FinalAccuracy} wall={experiment.WallSeconds}",
            $"rounds={string.Join(",", rounds)}",
            $"clients={clients}",
            $"checkpoint={checkpoint?.Round}:{(checkpoint is null ? "" : Convert.ToHexString(checkpoint.State))}",
            $"prompts={string.Join(",", prompts)}");
    }
}
