using System.Linq.Expressions;
using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace FedBpt.Storage.Experiments;

/// <summary>
/// The reads and writes the web app and the jobs make on experiments. Each call uses its own short-lived context,
/// so the store is a thread-safe singleton. Writes that race (status changes, the lease) are single conditional
/// UPDATEs; multi-row writes run in one transaction.
/// </summary>
public sealed partial class ExperimentStore(IDbContextFactory<FedBptDbContext> factory, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<int> CreateAsync(ExperimentInsert experiment, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The immediate transaction holds the write lock from the check to the insert, as DatasetStore.DeleteAsync
        // does from its check to its delete: of a create and a delete racing, one sees the other's result.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await CreateInAsync(db, experiment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Checks and inserts one experiment in the caller's transaction (a sweep inserts many in one).</summary>
    internal async Task<int> CreateInAsync(FedBptDbContext db, ExperimentInsert experiment, CancellationToken cancellationToken)
    {
        TextGuards.RequireText(experiment.Name, FieldLengths.Name, nameof(experiment.Name));
        TextGuards.RequireJsonObject(experiment.SpecJson, nameof(experiment.SpecJson));
        TextGuards.RequireText(experiment.Task, FieldLengths.Short, nameof(experiment.Task));
        TextGuards.RequireText(experiment.Model, FieldLengths.ModelName, nameof(experiment.Model));
        TextGuards.RequireText(experiment.Algorithm, FieldLengths.Short, nameof(experiment.Algorithm));
        ArgumentOutOfRangeException.ThrowIfLessThan(experiment.NumClients, 1, nameof(experiment.NumClients));
        ArgumentOutOfRangeException.ThrowIfLessThan(experiment.NumRounds, 1, nameof(experiment.NumRounds));
        if (experiment.Queue is not null) TextGuards.RequireText(experiment.Queue, FieldLengths.Queue, nameof(experiment.Queue));

        var entity = new Experiment
        {
            Name = experiment.Name,
            SpecJson = experiment.SpecJson,
            Task = experiment.Task,
            Model = experiment.Model,
            Algorithm = experiment.Algorithm,
            NumClients = experiment.NumClients,
            NumRounds = experiment.NumRounds,
            Iid = experiment.Iid,
            Seed = experiment.Seed,
            SweepId = experiment.SweepId,
            Queue = experiment.Queue,
            Status = ExperimentStatus.Pending,
            CreatedUtc = Now,
        };
        if (experiment.RequiredDataset is { } dataset)
        {
            await db.LockDatasetAsync(dataset, exclusive: false, cancellationToken);
            if (!await db.Datasets.AnyAsync(d => d.Name == dataset, cancellationToken)) throw new Datasets.DatasetNotFoundException(dataset);
        }
        db.Experiments.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return entity.Id;
    }

    /// <summary>Newest first, optionally only one status.</summary>
    public async Task<ExperimentPage> ListAsync(
        int skip = 0, int take = 50, ExperimentStatus? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.Experiments.AsNoTracking();
        if (status is { } s) query = query.Where(e => e.Status == s);

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(e => e.CreatedUtc).ThenByDescending(e => e.Id)
            .Skip(skip).Take(take)
            .Select(ToSummary)
            .ToListAsync(cancellationToken);
        return new ExperimentPage(total, items);
    }

    /// <summary>The grid row of an experiment, as one SQL projection (no JSON columns read).</summary>
    internal static readonly Expression<Func<Experiment, ExperimentSummary>> ToSummary = e => new ExperimentSummary
    {
        Id = e.Id,
        Name = e.Name,
        Task = e.Task,
        Model = e.Model,
        Algorithm = e.Algorithm,
        NumClients = e.NumClients,
        NumRounds = e.NumRounds,
        Iid = e.Iid,
        Seed = e.Seed,
        Status = e.Status,
        CreatedUtc = e.CreatedUtc,
        StartedUtc = e.StartedUtc,
        FinishedUtc = e.FinishedUtc,
        RoundsCompleted = e.RoundsCompleted,
        BestAccuracy = e.BestAccuracy,
        BestRound = e.BestRound,
        FinalAccuracy = e.FinalAccuracy,
        ZeroShotAccuracy = e.ZeroShotAccuracy,
        WallSeconds = e.WallSeconds,
        Error = e.Error,
        SweepId = e.SweepId,
        Queue = e.Queue,
    };

    public async Task<Experiment?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    /// <summary>Experiments a previous process left Running: candidates to resume at start-up.</summary>
    public async Task<IReadOnlyList<Experiment>> ListRunningAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Experiments.AsNoTracking()
            .Where(e => e.Status == ExperimentStatus.Running)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the experiment and, by cascade, everything recorded for it. Refused while Running, because a job
    /// would go on writing into a deleted run: cancel it first. Returns false when there was no such experiment.
    /// </summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Experiments
            .Where(e => e.Id == id && e.Status != ExperimentStatus.Running)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1) return true;

        var status = await FindStatusAsync(db, id, cancellationToken);
        if (status is null) return false;
        throw new ExperimentStateException(id, status.Value, "a running experiment cannot be deleted; cancel it first.");
    }

    public Task SetHangfireJobIdAsync(int id, string jobId, CancellationToken cancellationToken = default)
    {
        TextGuards.RequireText(jobId, FieldLengths.JobId, nameof(jobId));
        return UpdateAsync(id, s => s.SetProperty(e => e.HangfireJobId, jobId), cancellationToken);
    }

    /// <summary>Client × class example counts of the partition, as JSON (known once the job has split the data).</summary>
    public Task SetLabelDistributionAsync(int id, string labelDistributionJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelDistributionJson);
        return UpdateAsync(id, s => s.SetProperty(e => e.LabelDistributionJson, labelDistributionJson), cancellationToken);
    }

    /// <summary>Accuracy of the untrained prompt, measured before round 0.</summary>
    public Task SetZeroShotAccuracyAsync(int id, double accuracy, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, s => s.SetProperty(e => e.ZeroShotAccuracy, accuracy), cancellationToken);

    private async Task UpdateAsync(
        int id, Action<UpdateSettersBuilder<Experiment>> setters, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(setters, cancellationToken);
        if (updated == 0) throw new ExperimentNotFoundException(id);
    }

    private static Task<ExperimentStatus?> FindStatusAsync(FedBptDbContext db, int id, CancellationToken cancellationToken) =>
        db.Experiments.Where(e => e.Id == id).Select(e => (ExperimentStatus?)e.Status).SingleOrDefaultAsync(cancellationToken);
}
