using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBpt.Storage;

/// <summary>
/// Brings the database up to the latest migration when the host starts. It runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, which the host calls before any hosted service's StartAsync,
/// so Hangfire workers and start-up scans never see an old schema whatever order they were registered in.
/// It only applies migrations: it never drops or recreates the database.
/// </summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<FedBptDbContext> factory, ILogger<DatabaseMigrator> logger)
    : IHostedLifecycleService
{
    /// <summary>Applies pending migrations (and on SQLite turns on WAL); returns the names of the migrations applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sqlite = db.Database.IsSqlite();
        // PostgreSQL: name the server and database, never the password.
        var dataSource = sqlite ? CreateDatabaseFolder(db.Database.GetConnectionString()) : DescribePostgres(db.Database.GetConnectionString());

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count == 0) LogUpToDate(dataSource);
        else LogApplied(dataSource, pending.Count, string.Join(", ", pending));
        if (!sqlite) return pending;

        // WAL lets the dashboard read while a job writes. The mode is stored in the file, so setting it once suffices.
        var journalMode = await ExecuteScalarAsync(db, "PRAGMA journal_mode=WAL;", cancellationToken);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase)) LogNoWal(dataSource, journalMode);
        return pending;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SQLite creates a missing file but not a missing folder (e.g. the app's data folder on first start).</summary>
    private static string CreateDatabaseFolder(string? connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = csb.DataSource;
        if (csb.Mode == SqliteOpenMode.Memory || dataSource is "" or ":memory:") return dataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return dataSource;
    }

    private static string DescribePostgres(string? connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }

    private static async Task<string?> ExecuteScalarAsync(FedBptDbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return (await command.ExecuteScalarAsync(cancellationToken))?.ToString();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {DataSource} is up to date")]
    private partial void LogUpToDate(string dataSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {DataSource}: applied {Count} migration(s): {Migrations}")]
    private partial void LogApplied(string dataSource, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {DataSource} is in journal mode {JournalMode}, not WAL; readers may block the writer")]
    private partial void LogNoWal(string dataSource, string? journalMode);
}
