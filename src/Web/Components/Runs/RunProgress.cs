using FedBpt.Storage.Entities;
using FedBpt.Engine.Federation;

namespace FedBpt.Web.Components.Runs;

/// <summary>
/// Rounds done, time spent and, while a run is running, its expected time left from the average seconds per round.
/// Takes the newer of the stored summary and the last round the page has from a live event.
/// </summary>
public sealed record RunProgress(ExperimentStatus Status, int RoundsDone, int NumRounds, double WallSeconds)
{
    public double Fraction => NumRounds <= 0 ? 0 : Math.Min(1.0, (double)RoundsDone / NumRounds);

    public double? SecondsPerRound => RoundsDone > 0 ? WallSeconds / RoundsDone : null;

    public double? EtaSeconds =>
        Status == ExperimentStatus.Running && SecondsPerRound is { } perRound && RoundsDone < NumRounds
            ? perRound * (NumRounds - RoundsDone)
            : null;

    public static RunProgress Of(Experiment experiment, RoundRecord? last)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        int done = Math.Max(experiment.RoundsCompleted, last is null ? 0 : last.Round + 1);
        double wall = Math.Max(experiment.WallSeconds, last?.WallSeconds ?? 0);
        return new RunProgress(experiment.Status, done, experiment.NumRounds, wall);
    }
}
