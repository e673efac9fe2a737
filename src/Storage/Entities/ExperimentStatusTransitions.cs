namespace FedBpt.Storage.Entities;

/// <summary>
/// Which status changes are legal. Running → Running is a resume: a new worker takes the run lease over
/// after the previous one died. The three end states are final, so a finished run's history cannot be rewritten.
/// </summary>
public static class ExperimentStatusTransitions
{
    private static readonly Dictionary<ExperimentStatus, ExperimentStatus[]> Allowed = new()
    {
        [ExperimentStatus.Pending] = [ExperimentStatus.Running, ExperimentStatus.Failed, ExperimentStatus.Cancelled],
        [ExperimentStatus.Running] = [ExperimentStatus.Running, ExperimentStatus.Completed, ExperimentStatus.Failed, ExperimentStatus.Cancelled],
        [ExperimentStatus.Completed] = [],
        [ExperimentStatus.Failed] = [],
        [ExperimentStatus.Cancelled] = [],
    };

    public static bool IsAllowed(ExperimentStatus from, ExperimentStatus to) => Allowed[from].Contains(to);

    public static bool IsFinal(ExperimentStatus status) => Allowed[status].Length == 0;

    /// <summary>The statuses from which <paramref name="to"/> may be entered (used as a WHERE guard).</summary>
    internal static ExperimentStatus[] SourcesOf(ExperimentStatus to) =>
        Allowed.Where(kv => kv.Value.Contains(to)).Select(kv => kv.Key).ToArray();
}
