using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresStorage pg)
{
    [Fact]
    public async Task Migrating_an_empty_database_applies_the_postgres_migrations_and_a_second_run_is_a_no_op()
    {
        await using var db = await pg.CreateAsync(migrate: false);

        var first = await db.Migrator.MigrateAsync();
        await using (var context = db.NewContext())
        {
            Assert.Equal(context.Database.GetMigrations(), first);
            Assert.Contains(first, m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
            Assert.True(context.Database.IsNpgsql());
        }
        var id = await db.Experiments.CreateAsync(Samples.Experiment());

        Assert.Empty(await db.Migrator.MigrateAsync());
        Assert.NotNull(await db.Experiments.GetAsync(id));
    }

    [Fact]
    public async Task The_model_matches_the_latest_postgres_migration()
    {
        // Fails when an entity changed without `dotnet ef migrations add <Name> --project src/Storage.Postgres`.
        await using var db = await pg.CreateAsync();
        await using var context = db.NewContext();
        Assert.False(context.Database.HasPendingModelChanges());
    }
}
