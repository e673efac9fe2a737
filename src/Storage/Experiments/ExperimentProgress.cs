using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Experiments;

/// <summary>A stored experiment's <see cref="RunProgress"/>.</summary>
public static class ExperimentProgress
{
    /// <param name="last">The newest round a page holds, when it may be newer than the summary it read before it.</param>
    public static RunProgress Of(Experiment experiment, RoundRecord? last = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        int done = Math.Max(experiment.RoundsCompleted, last is null ? 0 : last.Round + 1);
        double wall = Math.Max(experiment.WallSeconds, last?.WallSeconds ?? 0);
        return new RunProgress(done, experiment.NumRounds, wall, experiment.Status == ExperimentStatus.Running);
    }
}
