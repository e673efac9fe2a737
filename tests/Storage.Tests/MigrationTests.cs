using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FedBpt.Storage.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrating_an_empty_file_applies_every_migration_and_a_second_run_is_a_no_op()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);

        var first = await db.Migrator.MigrateAsync();
        await using (var context = db.NewContext())
        {
            Assert.Equal(context.Database.GetMigrations(), first);
            Assert.Contains(first, m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        }
        var id = await db.Experiments.CreateAsync(Samples.Experiment());

        var second = await db.Migrator.MigrateAsync();

        Assert.Empty(second);
        await using var after = db.NewContext();
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
        Assert.Equal(first, await after.Database.GetAppliedMigrationsAsync());
        Assert.NotNull(await db.Experiments.GetAsync(id)); // migrating again kept the data
    }

    [Fact]
    public async Task The_model_matches_the_latest_migration()
    {
        // Fails when an entity or configuration changed without `dotnet ef migrations add`.
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.NewContext();
        Assert.False(context.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task The_database_is_in_WAL_mode_after_migration()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Host_start_up_creates_the_missing_folder_and_migrates_before_other_hosted_services_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fedbpt-storage-tests", Guid.NewGuid().ToString("N"));
        var relativeFile = Path.Combine("nested", "app_data", "fedbpt.db");
        Directory.CreateDirectory(folder); // the content root exists; the database's folder does not
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = folder,
                DisableDefaults = true,
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:FedBpt"] = $"Data Source={relativeFile}",
            });
            // Registered *before* storage, as Hangfire might be: it must still find the schema in place.
            builder.Services.AddSingleton<SchemaProbe>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaProbe>());
            builder.AddFedBptStorage();

            using var host = builder.Build();
            await host.StartAsync();
            var probe = host.Services.GetRequiredService<SchemaProbe>();
            await host.StopAsync();

            Assert.True(File.Exists(Path.Combine(folder, relativeFile)), "the database file is under the content root");
            Assert.Equal(0, probe.ExperimentCountAtStart);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_connection_string_is_reported_by_name()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddFedBptStorage());
        Assert.Contains("ConnectionStrings:FedBpt", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A hosted service that reads the database in its StartAsync, as a start-up resume scan would.</summary>
    private sealed class SchemaProbe(IDbContextFactory<FedBptDbContext> factory) : IHostedService
    {
        public int? ExperimentCountAtStart { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            ExperimentCountAtStart = await db.Experiments.CountAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
