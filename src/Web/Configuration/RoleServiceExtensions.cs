using FedBpt.Storage.Data;
using FedBpt.Web.Jobs;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Configuration;

/// <summary>Roles (<c>FedBpt:Role</c>), worker queues and the Hangfire storage that lets processes share jobs.</summary>
public static class RoleServiceExtensions
{
    /// <summary>Reads and checks the scale-out keys; a bad role, queue or provider combination stops start-up with the key named.</summary>
    public static ScaleOutOptions ReadScaleOut(this IConfiguration configuration)
    {
        var options = new ScaleOutOptions();
        var section = configuration.GetSection("FedBpt");
        var role = section["Role"];
        if (!string.IsNullOrWhiteSpace(role))
        {
            options.Role = role.Trim().ToLowerInvariant() switch
            {
                "all" => FedBptRole.All,
                "web" => FedBptRole.Web,
                "worker" => FedBptRole.Worker,
                _ => throw new OptionsValidationException("FedBpt:Role", typeof(ScaleOutOptions),
                    [$"FedBpt:Role is '{role}'; use 'all' (the default), 'web' or 'worker'."]),
            };
        }
        options.Queues = section.GetSection("Queues").Get<List<string>>() ?? [];
        if (int.TryParse(section["JobInvisibilitySeconds"], out int seconds)) options.JobInvisibilitySeconds = seconds;
        if (section["LivePollSeconds"] is { } poll)
            options.LivePollSeconds = double.TryParse(poll, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double p) ? p : double.NaN;

        var errors = options.Queues.Select(ScaleOutOptions.CheckQueue).OfType<string>().Select(e => $"FedBpt:Queues: {e}").ToList();
        if (options.JobInvisibilitySeconds < 10) errors.Add("FedBpt:JobInvisibilitySeconds must be at least 10.");
        if (!(options.LivePollSeconds is >= 0.2 and <= 600)) errors.Add("FedBpt:LivePollSeconds must be a number of seconds from 0.2 to 600.");
        var provider = DatabaseProviders.Parse(configuration[DatabaseProviders.ConfigurationKey]);
        if (options.Role != FedBptRole.All && provider != DatabaseProvider.Postgres)
            errors.Add($"FedBpt:Role '{options.Role.ToString().ToLowerInvariant()}' shares jobs through the database: set {DatabaseProviders.ConfigurationKey} to 'postgres'.");
        if (errors.Count > 0) throw new OptionsValidationException("FedBpt", typeof(ScaleOutOptions), errors);
        return options;
    }

    /// <summary>
    /// The Hangfire storage: PostgreSQL (schema <c>hangfire</c> in the experiment database, sliding invisibility
    /// timeout on) when the database is PostgreSQL, so that every process sees every job; in-memory otherwise.
    /// </summary>
    public static JobStorage CreateJobStorage(IConfiguration configuration, ScaleOutOptions scaleOut)
    {
        if (DatabaseProviders.Parse(configuration[DatabaseProviders.ConfigurationKey]) != DatabaseProvider.Postgres)
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });

        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(scaleOut.JobInvisibilitySeconds),
            // Runs wait in the queue for a free worker; picking them up a second sooner is worth a cheap poll.
            QueuePollInterval = TimeSpan.FromSeconds(1),
        };
        var connectionString = configuration.GetConnectionString(Storage.StorageServiceCollectionExtensions.ConnectionStringName)!;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// A worker serves no pages and no API: it listens on a loopback port the system picks (never the dashboard's),
    /// so that workers and a web process can share a machine without port settings.
    /// </summary>
    public static WebApplicationBuilder ApplyRole(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.ReadScaleOut().Role == FedBptRole.Worker) builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    /// <summary>
    /// Whether jobs of other processes write into this process's database while it shows pages: then a
    /// <see cref="Notifications.RunStateWatcher"/> turns their stored progress into live events here.
    /// </summary>
    public static bool SharesRunsWithOtherProcesses(this ScaleOutOptions scaleOut, IConfiguration configuration) =>
        scaleOut.Role != FedBptRole.Worker
        && DatabaseProviders.Parse(configuration[DatabaseProviders.ConfigurationKey]) == DatabaseProvider.Postgres;

    /// <summary>The queues a worker of this process serves: its named ones, then the shared one.</summary>
    public static string[] ServedQueues(this ScaleOutOptions scaleOut) =>
        [.. scaleOut.Queues.Distinct(StringComparer.Ordinal), JobQueues.Engine];
}
