using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage;

/// <summary>
/// The experiment database. Create one per operation through <see cref="IDbContextFactory{TContext}"/>:
/// Blazor Server circuits and Hangfire jobs are long-lived, a context is not.
/// </summary>
public sealed class FedBptDbContext(DbContextOptions<FedBptDbContext> options) : DbContext(options)
{
    public DbSet<Experiment> Experiments => Set<Experiment>();
    public DbSet<RoundMetric> RoundMetrics => Set<RoundMetric>();
    public DbSet<ClientRoundMetric> ClientRoundMetrics => Set<ClientRoundMetric>();
    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();
    public DbSet<PromptArtifact> PromptArtifacts => Set<PromptArtifact>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<LogEntry> LogEntries => Set<LogEntry>();
    public DbSet<Sweep> Sweeps => Set<Sweep>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FedBptDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
