namespace FedBpt.Engine.Federation;

/// <summary>
/// Which round is the best: the highest global test accuracy, the earliest on a tie; a round without an evaluation
/// never is. The one rule for the simulator's Best prompt, the store's best accuracy, round and prompt, and the charts'
/// best marker.
/// </summary>
public static class BestRound
{
    /// <summary>Whether a round scoring <paramref name="candidate"/> replaces the best so far (<paramref name="best"/>, null: none yet).</summary>
    public static bool Improves(double? candidate, double? best) => candidate is { } c && (best is not { } b || c > b);

    /// <summary>The best of <paramref name="rounds"/>, or null when none was evaluated.</summary>
    public static RoundRecord? Of(IEnumerable<RoundRecord> rounds)
    {
        RoundRecord? best = null;
        foreach (var r in rounds)
        {
            if (Improves(r.GlobalTestAccuracy, best?.GlobalTestAccuracy)) best = r;
        }
        return best;
    }
}
