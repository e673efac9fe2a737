using Microsoft.Data.Sqlite;

namespace FedBpt.Storage;

/// <summary>
/// Tells a database that cannot take a write for now (locked past the busy timeout, read-only, disk full, an I/O
/// error) from a write that is wrong (a constraint, a bad state). The first passes once the fault is fixed and is
/// worth retrying; the second never is.
/// </summary>
public static class StoreFaults
{
    // SQLite's primary result codes: BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL.
    private static readonly HashSet<int> Transient = [5, 6, 8, 10, 13, 14, 15];

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) is SQLite refusing for a reason outside the data,
    /// or PostgreSQL being unreachable, overloaded or shutting down (Npgsql's own IsTransient).
    /// </summary>
    public static bool IsTransient(Exception exception) => Find(exception) is not null;

    /// <summary>The database's own words for the fault, e.g. "SQLite Error 5: 'database is locked'."; no paths, no type names.</summary>
    public static string Describe(Exception exception) =>
        Find(exception)?.Message ?? throw new ArgumentException("Not a store fault.", nameof(exception));

    private static Exception? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && Transient.Contains(sqlite.SqliteErrorCode & 0xFF)) return sqlite;
            if (e is Npgsql.NpgsqlException { IsTransient: true } npgsql) return npgsql;
            if (e is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(x => x is not null);
        }
        return null;
    }
}
