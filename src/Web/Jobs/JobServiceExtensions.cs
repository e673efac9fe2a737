using FedBpt.Engine.Configuration;
using Hangfire;
using Hangfire.AspNetCore;
using FedBpt.Web.Configuration;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Jobs;

public static class JobServiceExtensions
{
    /// <summary>How long a stopping job gets to notice its token and give its lease back (a client step, at most a round).</summary>
    private static readonly TimeSpan JobShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hangfire in-process on in-memory storage (PostgreSQL when the database is: docs/adr/0011-scale-out.md), one
    /// server for the engine queue and this process's named queues unless the role is <c>web</c>, and the run
    /// bookkeeping around it. Our database is the source of truth; see docs/adr/0003-hangfire-storage.md.
    /// </summary>
    public static IServiceCollection AddExperimentJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var scaleOut = configuration.ReadScaleOut();
        services.AddSingleton(scaleOut);
        // This host's own storage and activator, registered before AddHangfire so that its fallbacks to the static
        // JobStorage.Current / JobActivator.Current are not used and two hosts in one process (tests) stay apart.
        services.AddSingleton<JobStorage>(_ => RoleServiceExtensions.CreateJobStorage(configuration, scaleOut));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (scaleOut.Role != FedBptRole.Web) services.AddHangfireServer((sp, server) =>
        {
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{string.Join(',', scaleOut.ServedQueues())}";
            server.Queues = scaleOut.ServedQueues();
            server.WorkerCount = sp.GetRequiredService<IOptions<FedBptOptions>>().Value.Workers;
            server.ShutdownTimeout = JobShutdownTimeout;
            // Scheduled jobs are retries after another worker's lease (a crashed one's expires within minutes);
            // polling in-memory storage is cheap, so do not add Hangfire's default 15 s on top.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(2);
        });
        // The host must wait for Hangfire's own shutdown, or a stopping run could not give its lease back (HangfireIO/Hangfire#2026).
        services.Configure<HostOptions>(host => host.ShutdownTimeout = JobShutdownTimeout + TimeSpan.FromSeconds(15));

        services.AddSingleton<ActiveRuns>();
        services.AddSingleton<SuspendedRuns>();
        services.AddSingleton<ExperimentScheduler>();
        services.AddTransient<ExperimentJob>();
        services.AddHostedService<RunRecovery>();
        if (scaleOut.SharesRunsWithOtherProcesses(configuration))
            services.AddHostedService(sp => new Notifications.RunStateWatcher(sp.GetRequiredService<Storage.Experiments.ExperimentStore>(),
                sp.GetRequiredService<Notifications.RunNotifier>(), TimeSpan.FromSeconds(scaleOut.LivePollSeconds),
                sp.GetRequiredService<ILogger<Notifications.RunStateWatcher>>()));
        return services;
    }
}
