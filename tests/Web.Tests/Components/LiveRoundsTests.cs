using FedBpt.Engine.Federation;
using FedBpt.Web.Components.Charts;

namespace FedBpt.Web.Tests.Components;

public sealed class LiveRoundsTests
{
    private static RoundRecord Stored(int round) => new()
    {
        Round = round, GlobalTestAccuracy = 0.5 + round / 100.0, Sigma = 0.3, LmQueries = 10L * (round + 1), BytesUp = 8, BytesDown = 16,
        WallSeconds = round + 1.0,
    };

    [Fact]
    public void Rounds_read_twice_or_out_of_order_are_held_once_in_order_and_reading_resumes_after_the_last()
    {
        var rounds = new LiveRounds();
        Assert.Equal(0, rounds.NextRound);

        Assert.Equal(2, rounds.Merge([Stored(0), Stored(1)]));
        Assert.Equal(2, rounds.Merge([Stored(1), Stored(3), Stored(2), Stored(3)])); // 2 and 3 are new
        Assert.Equal(0, rounds.Merge([Stored(0)]));

        Assert.Equal([0, 1, 2, 3], rounds.Points.Select(p => p.Round));
        Assert.Equal(4, rounds.NextRound);
        Assert.Equal(2, rounds.At(2)!.Round);
        Assert.Null(rounds.At(7));
    }

    [Fact]
    public void Points_is_a_new_snapshot_after_each_change()
    {
        var rounds = new LiveRounds();
        var before = rounds.Points;
        rounds.Merge([Stored(0)]);

        Assert.NotSame(before, rounds.Points);
        Assert.Same(rounds.Points, rounds.Points);
        Assert.Empty(before);
    }
}
