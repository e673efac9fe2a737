using System.Linq.Expressions;
using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace FedBpt.Storage.Experiments;

// Status transitions and the run lease. Each is one UPDATE whose WHERE clause holds the rule, so two callers
// racing (two deliveries of a job, a cancel during a start) cannot both succeed.
public sealed partial class ExperimentStore
{
    /// <summary>
    /// Takes the run lease and moves the experiment to Running. Succeeds on a Pending experiment, and on a Running
    /// one whose lease is free, expired or already the caller's (a resume after a crash or a restart).
    /// </summary>
    public async Task<StartOutcome> TryStartAsync(
        int id, string owner, TimeSpan leaseDuration, string? device = null, CancellationToken cancellationToken = default)
    {
        TextGuards.RequireText(owner, FieldLengths.LeaseOwner, nameof(owner));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var now = Now;
        DateTime? expires = now + leaseDuration;

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var started = await db.Experiments
            .Where(e => e.Id == id
                        && (e.Status == ExperimentStatus.Pending
                            || (e.Status == ExperimentStatus.Running
                                && (e.LeaseOwner == null || e.LeaseOwner == owner || e.LeaseExpiresUtc <= now))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, ExperimentStatus.Running)
                .SetProperty(e => e.StartedUtc, e => e.StartedUtc ?? now)
                .SetProperty(e => e.LeaseOwner, owner)
                .SetProperty(e => e.LeaseExpiresUtc, expires)
                .SetProperty(e => e.Device, e => device ?? e.Device), cancellationToken);
        if (started == 1) return StartOutcome.Started;

        var status = await FindStatusAsync(db, id, cancellationToken) ?? throw new ExperimentNotFoundException(id);
        return status == ExperimentStatus.Running ? StartOutcome.LeaseHeldByOther : StartOutcome.AlreadyFinished;
    }

    /// <summary>Extends the caller's lease; false when the caller no longer holds it (then it must stop).</summary>
    public async Task<bool> RenewLeaseAsync(
        int id, string owner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        DateTime? expires = Now + leaseDuration;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Experiments
            .Where(e => e.Id == id && e.Status == ExperimentStatus.Running && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseExpiresUtc, expires), cancellationToken) == 1;
    }

    /// <summary>
    /// Gives the lease up while leaving the experiment Running, so that a re-queued job can resume at once
    /// (graceful shutdown) instead of waiting for the lease to expire.
    /// </summary>
    public async Task ReleaseLeaseAsync(int id, string owner, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Experiments
            .Where(e => e.Id == id && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null), cancellationToken);
    }

    /// <summary>Running → Completed, by the lease holder. False when it was already Completed (a duplicate call).</summary>
    public Task<bool> CompleteAsync(int id, string owner, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, ExperimentStatus.Completed, e => e.LeaseOwner == owner, _ => { }, cancellationToken);

    /// <summary>Pending/Running → Failed with the reason. False when it had already failed.</summary>
    public Task<bool> FailAsync(int id, string error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        var text = TextGuards.Truncate(error, FieldLengths.Error);
        return TransitionAsync(id, ExperimentStatus.Failed, null, s => s.SetProperty(e => e.Error, text), cancellationToken);
    }

    /// <summary>Pending/Running → Cancelled. False when it was already cancelled.</summary>
    public Task<bool> CancelAsync(int id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, ExperimentStatus.Cancelled, null, _ => { }, cancellationToken);

    /// <summary>Moves to a final status if <see cref="ExperimentStatusTransitions"/> allows it, ending the lease.</summary>
    private async Task<bool> TransitionAsync(
        int id,
        ExperimentStatus to,
        Expression<Func<Experiment, bool>>? guard,
        Action<UpdateSettersBuilder<Experiment>> setMore,
        CancellationToken cancellationToken)
    {
        var sources = ExperimentStatusTransitions.SourcesOf(to);
        DateTime? now = Now;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.Experiments.Where(e => e.Id == id && sources.Contains(e.Status));
        if (guard is not null) query = query.Where(guard);
        var updated = await query.ExecuteUpdateAsync(s =>
        {
            s.SetProperty(e => e.Status, to)
                .SetProperty(e => e.FinishedUtc, now)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresUtc, (DateTime?)null);
            setMore(s);
        }, cancellationToken);
        if (updated == 1) return true;

        var status = await FindStatusAsync(db, id, cancellationToken) ?? throw new ExperimentNotFoundException(id);
        if (status == to) return false;
        throw new ExperimentStateException(id, status, sources.Contains(status)
            ? $"its run lease is held by another worker, so it cannot be moved to {to}."
            : $"it cannot be moved to {to}.");
    }
}
