using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Experiments;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FedBpt.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "FedBpt";

    /// <summary>
    /// Registers the experiment database (SQLite unless <paramref name="provider"/> says otherwise): a pooled
    /// <c>IDbContextFactory&lt;FedBptDbContext&gt;</c>, the stores, and <see cref="DatabaseMigrator"/>, which
    /// migrates the database at start-up.
    /// </summary>
    public static IServiceCollection AddFedBptStorage(
        this IServiceCollection services, string connectionString, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddPooledDbContextFactory<FedBptDbContext>(options => options.UseFedBptDatabase(provider, connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());
        services.TryAddSingleton<ExperimentStore>();
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<Sweeps.SweepStore>();
        return services;
    }

    /// <summary>
    /// Same, reading <c>ConnectionStrings:FedBpt</c> and <c>FedBpt:Database:Provider</c>. A relative SQLite path
    /// is taken from the content root, so the file does not move with the directory the app happens to be started from.
    /// </summary>
    public static IHostApplicationBuilder AddFedBptStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Add e.g. \"Data Source=app_data/fedbpt.db\" to appsettings.json.");

        var provider = DatabaseProviders.Parse(builder.Configuration[DatabaseProviders.ConfigurationKey]);
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddFedBptStorage(connectionString, provider);
            return builder;
        }

        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && csb.DataSource is not ("" or ":memory:") && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.Combine(builder.Environment.ContentRootPath, csb.DataSource);

        builder.Services.AddFedBptStorage(csb.ToString());
        return builder;
    }
}
