using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Sweeps;

/// <summary>Sweeps: created with all their experiments in one transaction, read back with their runs.</summary>
public sealed class SweepStore(IDbContextFactory<FedBptDbContext> factory, ExperimentStore experiments, TimeProvider time)
{
    /// <summary>Stores the sweep and one Pending experiment per point; either all are written or none.</summary>
    public async Task<(int SweepId, IReadOnlyList<int> ExperimentIds)> CreateAsync(NewSweep sweep, CancellationToken cancellationToken = default)
    {
        TextGuards.RequireText(sweep.Name, FieldLengths.Name, nameof(sweep.Name));
        TextGuards.RequireJsonObject(sweep.BaseSpecJson, nameof(sweep.BaseSpecJson));
        TextGuards.RequireJsonObject(sweep.AxesJson, nameof(sweep.AxesJson));
        if (sweep.Points.Count == 0) throw new ArgumentException("A sweep needs at least one run.", nameof(sweep.Points));

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entity = new Sweep
        {
            Name = sweep.Name,
            BaseSpecJson = sweep.BaseSpecJson,
            AxesJson = sweep.AxesJson,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Sweeps.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        var ids = new List<int>(sweep.Points.Count);
        foreach (var point in sweep.Points)
            ids.Add(await experiments.CreateInAsync(db, point with { SweepId = entity.Id }, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (entity.Id, ids);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, DateTime CreatedUtc, int Runs)>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Sweeps.AsNoTracking()
            .OrderByDescending(s => s.CreatedUtc).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.CreatedUtc, Runs = db.Experiments.Count(e => e.SweepId == s.Id) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.Name, r.CreatedUtc, r.Runs)).ToList();
    }

    public async Task<SweepSummary?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sweep = await db.Sweeps.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (sweep is null) return null;
        var runs = await experiments.ListSweepAsync(id, cancellationToken);
        return new SweepSummary(sweep.Id, sweep.Name, sweep.BaseSpecJson, sweep.AxesJson, sweep.CreatedUtc, runs);
    }
}
