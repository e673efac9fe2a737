using FedBpt.Storage.Experiments;

namespace FedBpt.Storage.Tests.Infrastructure;

/// <summary>
/// Base for tests that need a migrated database: xunit makes one instance, hence one database, per test. SQLite
/// unless a subclass overrides <see cref="CreateDatabaseAsync"/> (the *OnPostgres classes in PostgresVariants.cs).
/// </summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    private TestDatabase? _database;

    internal TestDatabase Db => _database ?? throw new InvalidOperationException("Not initialised.");
    internal ExperimentStore Store => Db.Experiments;

    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    private protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>A Pending experiment with a valid spec.</summary>
    protected Task<int> CreateExperimentAsync(string name = "sst2 fedbpt", int numRounds = 10) =>
        Store.CreateAsync(Samples.Experiment(name, numRounds));

    /// <summary>A Running experiment held by <paramref name="owner"/>.</summary>
    protected async Task<int> CreateRunningAsync(string owner = "worker-1", int numRounds = 10)
    {
        var id = await CreateExperimentAsync(numRounds: numRounds);
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, owner, TimeSpan.FromMinutes(5)));
        return id;
    }
}
