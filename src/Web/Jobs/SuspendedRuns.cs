using System.Collections.Concurrent;

namespace FedBpt.Web.Jobs;

/// <summary>Why a run waits: the database refused its writes. Shown by the API and the run page while it lasts.</summary>
public sealed record RunSuspension(string Reason, DateTime SinceUtc, DateTime NextAttemptUtc);

/// <summary>
/// Runs that gave their lease back because the database refused their writes, and wait in this process for it to
/// take writes again: the job tries again on a schedule, releasing the lease its previous attempt may still hold,
/// and resumes from the last stored round. Kept in memory, since the database is what failed; after a restart,
/// start-up recovery resumes such runs like any other.
/// </summary>
public sealed class SuspendedRuns
{
    private readonly ConcurrentDictionary<int, (RunSuspension Suspension, string Owner)> _runs = new();

    public void Suspend(int experimentId, string leaseOwner, string reason, DateTime nowUtc, DateTime nextAttemptUtc) =>
        _runs.AddOrUpdate(experimentId,
            _ => (new RunSuspension(reason, nowUtc, nextAttemptUtc), leaseOwner),
            (_, old) => (new RunSuspension(reason, old.Suspension.SinceUtc, nextAttemptUtc), old.Owner));

    public RunSuspension? Find(int experimentId) => _runs.TryGetValue(experimentId, out var entry) ? entry.Suspension : null;

    /// <summary>The owner whose lease the suspended run may still hold (its release failed too), or null.</summary>
    public string? LeaseOwnerOf(int experimentId) => _runs.TryGetValue(experimentId, out var entry) ? entry.Owner : null;

    /// <summary>The run took its lease again: it no longer waits.</summary>
    public RunSuspension? Resume(int experimentId) => _runs.TryRemove(experimentId, out var entry) ? entry.Suspension : null;
}
