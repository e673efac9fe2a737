namespace FedBpt.Engine.Federation;

/// <summary>
/// How far a run is: rounds done of its total, wall-clock seconds spent and, while it runs, the time left at the
/// average seconds per round so far. The one rule for the CLI's progress line, the runs list, the run and compare pages
/// and the API's progress fraction.
/// </summary>
/// <param name="Running">Whether the run is going on now: a stopped run has no time left.</param>
public sealed record RunProgress(int RoundsDone, int NumRounds, double WallSeconds, bool Running = true)
{
    /// <summary>Rounds done over rounds to do, 0 … 1.</summary>
    public double Fraction => NumRounds <= 0 ? 0 : Math.Min(1.0, (double)RoundsDone / NumRounds);

    /// <summary>Null until a round is done (and timed).</summary>
    public double? SecondsPerRound => RoundsDone > 0 && WallSeconds > 0 ? WallSeconds / RoundsDone : null;

    public double? EtaSeconds =>
        Running && SecondsPerRound is { } perRound && RoundsDone < NumRounds ? perRound * (NumRounds - RoundsDone) : null;

    /// <summary>After <paramref name="round"/> (0-based) completed, as the engine reports it.</summary>
    public static RunProgress After(RoundRecord round, int numRounds) => new(round.Round + 1, numRounds, round.WallSeconds);
}
