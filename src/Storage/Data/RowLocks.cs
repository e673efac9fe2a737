using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Data;

/// <summary>
/// Check-then-write transactions that must not interleave. On SQLite the transaction is already the lock
/// (Microsoft.Data.Sqlite begins it IMMEDIATE: one writer at a time). PostgreSQL runs writers side by side at
/// READ COMMITTED, so the rows the check depends on are locked first, in the same order in every transaction.
/// </summary>
internal static class RowLocks
{
    /// <summary>Locks the dataset row: <paramref name="exclusive"/> to delete it, shared to insert an experiment that needs it.</summary>
    public static Task LockDatasetAsync(this FedBptDbContext db, string name, bool exclusive, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? exclusive
                ? db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Datasets" WHERE "Name" = {name} FOR UPDATE""", cancellationToken)
                : db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Datasets" WHERE "Name" = {name} FOR SHARE""", cancellationToken)
            : Task.CompletedTask;

    /// <summary>Locks the experiment row before its summary is read and updated (a round record).</summary>
    public static Task LockExperimentAsync(this FedBptDbContext db, int id, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Experiments" WHERE "Id" = {id} FOR UPDATE""", cancellationToken)
            : Task.CompletedTask;
}
