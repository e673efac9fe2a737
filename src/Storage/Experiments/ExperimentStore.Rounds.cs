using FedBpt.Engine.Federation;
using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Experiments;

// The per-round write path and the reads of what it wrote.
public sealed partial class ExperimentStore
{
    /// <summary>
    /// Stores a completed round in one transaction: its metrics, the client metrics, the checkpoint, the Final
    /// (and maybe Best) prompt and the experiment's summary. Either all of it is written or none.
    /// Hangfire delivers at least once, so recording a round that is already stored is a no-op that returns false.
    /// </summary>
    public async Task<bool> RecordRoundAsync(int id, RoundWrite write, CancellationToken cancellationToken = default)
    {
        var record = write.Round;
        ArgumentOutOfRangeException.ThrowIfNegative(record.Round);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.PromptJson);
        var now = Now;

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is taken before the summary is read,
        // so no other writer can slip in between the read and the update.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockExperimentAsync(id, cancellationToken);
        var experiment = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
                         ?? throw new ExperimentNotFoundException(id);

        if (record.Round < experiment.RoundsCompleted) return false;
        if (experiment.Status != ExperimentStatus.Running)
            throw new ExperimentStateException(id, experiment.Status, "rounds can only be recorded while it is Running.");
        if (record.Round > experiment.RoundsCompleted)
            throw new ExperimentStateException(id, experiment.Status,
                $"round {record.Round} arrived but round {experiment.RoundsCompleted} is the next one to record.");

        db.RoundMetrics.Add(RoundRows.ToRow(id, record, now));
        db.ClientRoundMetrics.AddRange(RoundRows.ToClientRows(id, record));

        if (write.CheckpointState is { } state)
        {
            var checkpoint = await db.Checkpoints.FindAsync([id], cancellationToken);
            if (checkpoint is null) db.Checkpoints.Add(checkpoint = new Checkpoint { ExperimentId = id, State = state });
            checkpoint.Round = record.Round;
            checkpoint.State = state;
            checkpoint.UpdatedUtc = now;
        }

        experiment.RoundsCompleted = record.Round + 1;
        experiment.WallSeconds = record.WallSeconds;
        var isBest = false;
        if (record.GlobalTestAccuracy is { } accuracy)
        {
            experiment.FinalAccuracy = accuracy;
            isBest = BestRound.Improves(accuracy, experiment.BestAccuracy);
            if (isBest)
            {
                experiment.BestAccuracy = accuracy;
                experiment.BestRound = record.Round;
            }
        }

        await UpsertPromptAsync(db, id, PromptKind.Final, write, now, cancellationToken);
        if (isBest) await UpsertPromptAsync(db, id, PromptKind.Best, write, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The stored rounds from <paramref name="fromRound"/> on, in order, each with its clients' results.</summary>
    public async Task<IReadOnlyList<RoundRecord>> GetRoundsAsync(
        int id, int fromRound = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rounds = await db.RoundMetrics.AsNoTracking()
            .Where(r => r.ExperimentId == id && r.Round >= fromRound)
            .OrderBy(r => r.Round)
            .ToListAsync(cancellationToken);
        if (rounds.Count == 0) return [];
        var last = rounds[^1].Round; // clients of a round stored after the read above are left out
        var clients = (await db.ClientRoundMetrics.AsNoTracking()
            .Where(c => c.ExperimentId == id && c.Round >= fromRound && c.Round <= last)
            .ToListAsync(cancellationToken)).ToLookup(c => c.Round);
        return [.. rounds.Select(r => RoundRows.ToRecord(r, clients[r.Round]))];
    }

    public async Task<Checkpoint?> GetCheckpointAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.ExperimentId == id, cancellationToken);
    }

    public async Task<PromptArtifact?> GetPromptAsync(int id, PromptKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.PromptArtifacts.AsNoTracking()
            .SingleOrDefaultAsync(p => p.ExperimentId == id && p.Kind == kind, cancellationToken);
    }

    private static async Task UpsertPromptAsync(
        FedBptDbContext db, int id, PromptKind kind, RoundWrite write, DateTime now, CancellationToken cancellationToken)
    {
        var prompt = await db.PromptArtifacts.SingleOrDefaultAsync(p => p.ExperimentId == id && p.Kind == kind, cancellationToken);
        if (prompt is null)
            db.PromptArtifacts.Add(prompt = new PromptArtifact { ExperimentId = id, Kind = kind, Json = write.PromptJson });
        prompt.Round = write.Round.Round;
        prompt.Accuracy = write.Round.GlobalTestAccuracy;
        prompt.Json = write.PromptJson;
        prompt.UpdatedUtc = now;
    }
}
