using FedBpt.Tests.Common.Postgres;
using Npgsql;

namespace FedBpt.Storage.Tests.Infrastructure;

/// <summary>
/// One throw-away PostgreSQL cluster for the storage tests that run on it, and a template database migrated once:
/// each test gets a copy of it (CREATE DATABASE … TEMPLATE, a file copy), so the migrations run once, not per test.
/// </summary>
public sealed class PostgresStorage : IAsyncLifetime
{
    private const string Template = "fedbpt_migrated";
    private PostgresCluster? _cluster;

    internal PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        await Cluster.CreateDatabaseAsync(name: Template);
        await using (var template = NewDatabase(Template)) await template.Migrator.MigrateAsync();
        NpgsqlConnection.ClearAllPools(); // a template must have no open connections when it is copied
    }

    /// <summary>A fresh database: migrated (a copy of the template) or empty.</summary>
    internal async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var name = await Cluster.CreateDatabaseAsync(migrate ? Template : null);
        return NewDatabase(name, () => new ValueTask(Cluster.DropDatabaseAsync(name)));
    }

    private TestDatabase NewDatabase(string name, Func<ValueTask>? drop = null) =>
        TestDatabase.ForPostgres(Cluster.ConnectionString(name), drop ?? (() => ValueTask.CompletedTask));

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

/// <summary>The storage tests that run on PostgreSQL share one cluster (and run one class at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresStorage>
{
    public const string Name = "PostgreSQL";
}
