using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Experiments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Storage.Tests.Infrastructure;

/// <summary>
/// A migrated database wired up the way the app wires it (AddFedBptStorage): a SQLite file in the temp folder,
/// deleted with its WAL files on dispose, or a PostgreSQL database of the tests' cluster, dropped on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "fedbpt-storage-tests");
    private readonly ServiceProvider _services;
    private readonly Func<ValueTask>? _drop;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? filePath, Func<ValueTask>? drop)
    {
        Provider = provider;
        FilePath = filePath;
        ConnectionString = provider == DatabaseProvider.Sqlite ? SqliteOptions.Normalize(connectionString) : connectionString;
        _drop = drop;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddFedBptStorage(connectionString, provider);
        _services = services.BuildServiceProvider();
    }

    private TestDatabase(string path) : this(DatabaseProvider.Sqlite, $"Data Source={path}", path, null)
    {
    }

    public DatabaseProvider Provider { get; }
    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? FilePath { get; }
    public string ConnectionString { get; }
    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public IDbContextFactory<FedBptDbContext> Factory => _services.GetRequiredService<IDbContextFactory<FedBptDbContext>>();
    public ExperimentStore Experiments => _services.GetRequiredService<ExperimentStore>();
    public DatasetStore Datasets => _services.GetRequiredService<DatasetStore>();
    public DatabaseMigrator Migrator => _services.GetRequiredService<DatabaseMigrator>();

    public static string NewFilePath(string? subfolder = null) =>
        Path.Combine(subfolder is null ? Folder : Path.Combine(Folder, subfolder), $"{Guid.NewGuid():N}.db");

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var database = new TestDatabase(NewFilePath());
        if (migrate) await database.Migrator.MigrateAsync();
        return database;
    }

    /// <summary>A PostgreSQL database that <paramref name="drop"/> removes again; migrated by the caller if it wants.</summary>
    public static TestDatabase ForPostgres(string connectionString, Func<ValueTask> drop) =>
        new(DatabaseProvider.Postgres, connectionString, null, drop);

    public FedBptDbContext NewContext() => Factory.CreateDbContext();

    /// <summary>A store over the same file whose context runs <paramref name="interceptor"/> on every command.</summary>
    public ExperimentStore StoreWith(IInterceptor interceptor)
    {
        var options = new DbContextOptionsBuilder<FedBptDbContext>();
        // One statement per command on PostgreSQL too (Npgsql batches a save's writes), so writes are counted alike.
        if (Provider == DatabaseProvider.Postgres) options.UseNpgsql(ConnectionString, o => o.MaxBatchSize(1));
        else options.UseFedBptSqlite(ConnectionString);
        options.AddInterceptors(interceptor);
        return new ExperimentStore(new PooledDbContextFactory<FedBptDbContext>(options.Options), Time);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_drop is not null)
        {
            await _drop();
            return;
        }
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
        if (FilePath is null || !Directory.Exists(Path.GetDirectoryName(FilePath))) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(FilePath + suffix);
    }
}
