using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;

namespace FedBpt.Web.Notifications;

/// <summary>
/// The run events that explain how the stored runs went from one reading to the next. Events are signals ("go and
/// read this run"), so one per change is enough: several rounds recorded between two readings are one
/// <see cref="RunEventKind.RoundCompleted"/>.
/// </summary>
public static class RunStateChanges
{
    public static IEnumerable<RunEvent> Between(IReadOnlyDictionary<int, RunState> before, IEnumerable<RunState> now)
    {
        var seen = new HashSet<int>();
        foreach (var run in now)
        {
            seen.Add(run.Id);
            if (!before.TryGetValue(run.Id, out var old))
            {
                yield return new RunEvent(run.Id, RunEventKind.Created, run.Status);
                if (run.Status != ExperimentStatus.Pending) yield return new RunEvent(run.Id, KindOf(run.Status), run.Status);
                continue;
            }
            if (run.RoundsCompleted > old.RoundsCompleted)
                yield return new RunEvent(run.Id, RunEventKind.RoundCompleted, run.Status);
            if (run.Status != old.Status)
                yield return new RunEvent(run.Id, KindOf(run.Status), run.Status);
        }
        foreach (var id in before.Keys)
            if (!seen.Contains(id)) yield return new RunEvent(id, RunEventKind.Deleted, null);
    }

    private static RunEventKind KindOf(ExperimentStatus status) => status switch
    {
        ExperimentStatus.Pending => RunEventKind.Created, // a run resubmitted (resumed) after it had stopped
        ExperimentStatus.Running => RunEventKind.Started,
        ExperimentStatus.Completed => RunEventKind.Completed,
        ExperimentStatus.Failed => RunEventKind.Failed,
        ExperimentStatus.Cancelled => RunEventKind.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
