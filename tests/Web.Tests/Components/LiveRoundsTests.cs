using FedBpt.Storage.Entities;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Tests.Components;

public sealed class LiveRoundsTests
{
    private static RoundUpdate Update(int round) => new(round, 10, 0.5 + round / 100.0, 0.4, 0.3, 10L * (round + 1), round + 1.0);

    private static RoundMetric Stored(int round) => new()
    {
        Round = round, GlobalTestAccuracy = 0.5 + round / 100.0, Sigma = 0.3, LmQueries = 10L * (round + 1), BytesUp = 8, BytesDown = 16,
        WallSeconds = round + 1.0,
    };

    [Fact]
    public void Only_the_next_round_is_appended_a_held_one_is_a_duplicate_and_a_later_one_a_gap()
    {
        var rounds = new LiveRounds();

        Assert.Equal(LiveRoundOutcome.Appended, rounds.Apply(Update(0)));
        Assert.Equal(LiveRoundOutcome.Duplicate, rounds.Apply(Update(0)));
        Assert.Equal(LiveRoundOutcome.Gap, rounds.Apply(Update(2)));
        Assert.Equal(LiveRoundOutcome.Appended, rounds.Apply(Update(1)));

        Assert.Equal([0, 1], rounds.Points.Select(p => p.Round));
    }

    [Fact]
    public void Stored_rounds_replace_event_rounds_and_reading_starts_at_the_first_incomplete_one()
    {
        var rounds = new LiveRounds();
        rounds.Merge([Stored(0)]);
        rounds.Apply(Update(1));
        rounds.Apply(Update(2));
        Assert.Equal(1, rounds.NextRoundToRead);

        var added = rounds.Merge([Stored(1), Stored(2), Stored(3)]);

        Assert.Equal(1, added);
        Assert.Equal([0, 1, 2, 3], rounds.Points.Select(p => p.Round));
        Assert.All(rounds.Points, p => Assert.True(p.IsComplete));
        Assert.Equal(4, rounds.NextRoundToRead);
    }

    [Fact]
    public void Points_is_a_new_snapshot_after_each_change()
    {
        var rounds = new LiveRounds();
        var before = rounds.Points;
        rounds.Apply(Update(0));

        Assert.NotSame(before, rounds.Points);
        Assert.Same(rounds.Points, rounds.Points);
        Assert.Empty(before);
    }

    [Fact]
    public void The_best_round_is_the_earliest_of_the_highest_accuracy()
    {
        var points = new[] { 0.5, 0.8, 0.8, 0.7 }
            .Select((a, i) => new RoundPoint(i, a, null, null, null, 1, 0, null, null, 0)).ToArray();

        Assert.Equal(1, new RunSeries("r", "#000", points).Best!.Round);
    }
}
