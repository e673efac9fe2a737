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
/// A migrated SQLite file in the temp folder, wired up the way the app wires it (AddFedBptStorage), deleted with
/// its WAL files on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "fedbpt-storage-tests");
    private readonly ServiceProvider _services;

    private TestDatabase(string path)
    {
        FilePath = path;
        ConnectionString = SqliteOptions.Normalize($"Data Source={path}");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddFedBptStorage($"Data Source={path}");
        _services = services.BuildServiceProvider();
    }

    public string FilePath { get; }
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

    public FedBptDbContext NewContext() => Factory.CreateDbContext();

    /// <summary>A store over the same file whose context runs <paramref name="interceptor"/> on every command.</summary>
    public ExperimentStore StoreWith(IInterceptor interceptor)
    {
        var options = new DbContextOptionsBuilder<FedBptDbContext>();
        options.UseFedBptSqlite(ConnectionString).AddInterceptors(interceptor);
        return new ExperimentStore(new PooledDbContextFactory<FedBptDbContext>(options.Options), Time);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
        if (!Directory.Exists(Path.GetDirectoryName(FilePath))) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(FilePath + suffix);
    }
}
