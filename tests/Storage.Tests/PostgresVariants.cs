using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

// Every provider-neutral storage test class again on PostgreSQL: same facts, a database of the shared test cluster.
// SQLite-only behaviour (busy timeouts, WAL, file paths: StoreFaultTests, MigrationTests) has no variant here;
// PostgreSQL's own migration checks are in PostgresMigrationTests.

[Collection(PostgresCollection.Name)]
public sealed class DatasetStoreTestsOnPostgres(PostgresStorage pg) : DatasetStoreTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class DatasetUseTestsOnPostgres(PostgresStorage pg) : DatasetUseTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class DeleteTestsOnPostgres(PostgresStorage pg) : DeleteTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class ListExperimentsTestsOnPostgres(PostgresStorage pg) : ListExperimentsTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class LogTailTestsOnPostgres(PostgresStorage pg) : LogTailTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class RecordRoundTestsOnPostgres(PostgresStorage pg) : RecordRoundTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class RunLeaseTestsOnPostgres(PostgresStorage pg) : RunLeaseTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class StatusTransitionTestsOnPostgres(PostgresStorage pg) : StatusTransitionTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class UtcRoundTripTestsOnPostgres(PostgresStorage pg) : UtcRoundTripTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class SweepStoreTestsOnPostgres(PostgresStorage pg) : SweepStoreTests
{
    private protected override Task<TestDatabase> CreateDatabaseAsync() => pg.CreateAsync();
}
