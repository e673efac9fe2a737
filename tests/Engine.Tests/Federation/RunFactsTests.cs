using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>The derived facts of a run, each decided once in the engine: the best round and the progress.</summary>
public sealed class RunFactsTests
{
    [Theory]
    [InlineData(0.5, null, true)]    // the first evaluated round is the best so far
    [InlineData(0.6, 0.5, true)]     // strictly better
    [InlineData(0.5, 0.5, false)]    // a tie keeps the earlier round
    [InlineData(0.4, 0.5, false)]
    [InlineData(null, 0.5, false)]   // a round without an evaluation never is
    [InlineData(null, null, false)]
    public void A_round_improves_on_the_best_only_when_strictly_better(double? candidate, double? best, bool improves) =>
        Assert.Equal(improves, BestRound.Improves(candidate, best));

    [Fact]
    public void The_best_of_rounds_is_the_earliest_of_the_highest_evaluated_accuracy()
    {
        double?[] accuracies = [null, 0.5, 0.8, 0.8, null, 0.7];
        var rounds = accuracies.Select((a, i) => Round(i, a, wall: i + 1)).ToArray();

        Assert.Equal(2, BestRound.Of(rounds)!.Round);
        Assert.Null(BestRound.Of([Round(0, null, 1)]));
        Assert.Null(BestRound.Of([]));
    }

    [Theory]
    // done, total, seconds, running → fraction, seconds per round, seconds left
    [InlineData(0, 10, 0.0, true, 0.0, null, null)]      // nothing done: no rate, no estimate
    [InlineData(4, 10, 40.0, true, 0.4, 10.0, 60.0)]     // 6 rounds left at 10 s
    [InlineData(4, 10, 40.0, false, 0.4, 10.0, null)]    // stopped: nothing left to wait for
    [InlineData(10, 10, 100.0, true, 1.0, 10.0, null)]   // all done
    [InlineData(12, 10, 120.0, true, 1.0, 10.0, null)]   // never over 1
    [InlineData(0, 0, 0.0, true, 0.0, null, null)]       // no rounds to do
    public void Progress_is_rounds_done_over_rounds_and_the_time_left_at_the_average_rate(
        int done, int total, double seconds, bool running, double fraction, double? perRound, double? left)
    {
        var progress = new RunProgress(done, total, seconds, running);

        Assert.Equal((fraction, perRound, left), (progress.Fraction, progress.SecondsPerRound, progress.EtaSeconds));
    }

    [Fact]
    public void Progress_after_a_round_counts_it_done_at_its_cumulative_time()
    {
        var progress = RunProgress.After(Round(2, 0.5, wall: 30), numRounds: 5);

        Assert.Equal((3, 5, 30.0), (progress.RoundsDone, progress.NumRounds, progress.WallSeconds));
        Assert.Equal(20.0, progress.EtaSeconds);
    }

    private static RoundRecord Round(int round, double? accuracy, double wall) => new()
    {
        Round = round, GlobalTestAccuracy = accuracy, Sigma = 1, LmQueries = 10, BytesUp = 1, BytesDown = 1, WallSeconds = wall,
    };
}
