using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Tests;

public class UtcRoundTripTests : DatabaseTest
{
    [Fact]
    public async Task Dates_come_back_as_the_same_instant_with_Kind_Utc()
    {
        var id = await CreateExperimentAsync();
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "w", TimeSpan.FromMinutes(2)));
        var now = Db.Time.GetUtcNow().UtcDateTime;

        var experiment = await Store.GetAsync(id);

        Assert.NotNull(experiment);
        Assert.Equal(DateTimeKind.Utc, experiment.CreatedUtc.Kind);
        Assert.Equal(now, experiment.CreatedUtc);
        Assert.Equal(DateTimeKind.Utc, experiment.StartedUtc!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, experiment.LeaseExpiresUtc!.Value.Kind);
        Assert.Equal(now.AddMinutes(2), experiment.LeaseExpiresUtc);
    }

    [Fact]
    public async Task Local_and_unspecified_times_are_stored_as_UTC()
    {
        var id = await CreateExperimentAsync();
        var utc = new DateTime(2026, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
        var local = utc.ToLocalTime();
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

        await using (var db = Db.NewContext())
        {
            var experiment = await db.Experiments.SingleAsync(e => e.Id == id);
            experiment.StartedUtc = local;
            experiment.FinishedUtc = unspecified;
            await db.SaveChangesAsync();
        }

        var stored = await Store.GetAsync(id);
        Assert.Equal(utc, stored!.StartedUtc);
        Assert.Equal(DateTimeKind.Utc, stored.StartedUtc!.Value.Kind);
        Assert.Equal(utc, stored.FinishedUtc);
        Assert.Equal(DateTimeKind.Utc, stored.FinishedUtc!.Value.Kind);
    }

    [Fact]
    public async Task Round_and_log_timestamps_are_UTC()
    {
        var id = await CreateRunningAsync();
        await Store.RecordRoundAsync(id, Samples.Round(0));
        await Store.AppendLogAsync(id, Microsoft.Extensions.Logging.LogLevel.Information, "round 0 done");

        await using var db = Db.NewContext(); // the stored row: the round record carries no timestamp
        var round = Assert.Single(await db.RoundMetrics.Where(r => r.ExperimentId == id).ToListAsync());
        var line = Assert.Single(await Store.GetLogTailAsync(id));
        var checkpoint = await Store.GetCheckpointAsync(id);
        var prompt = await Store.GetPromptAsync(id, PromptKind.Final);

        Assert.All(
            new[] { round.RecordedUtc, line.TimestampUtc, checkpoint!.UpdatedUtc, prompt!.UpdatedUtc },
            t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(Db.Time.GetUtcNow().UtcDateTime, round.RecordedUtc);
    }
}
