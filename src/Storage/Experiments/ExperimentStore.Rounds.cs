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
    public async Task<bool> RecordRoundAsync(int id, RoundRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(record.Round);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.PromptJson);
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

        db.RoundMetrics.Add(new RoundMetric
        {
            ExperimentId = id,
            Round = record.Round,
            GlobalTestAccuracy = record.GlobalTestAccuracy,
            TrainFitnessMean = record.TrainFitnessMean,
            TrainFitnessMin = record.TrainFitnessMin,
            TrainFitnessMax = record.TrainFitnessMax,
            Sigma = record.Sigma,
            LmQueries = record.LmQueries,
            BytesUp = record.BytesUp,
            BytesDown = record.BytesDown,
            WallSeconds = record.WallSeconds,
            RecordedUtc = now,
        });
        db.ClientRoundMetrics.AddRange(record.Clients.Select(c => new ClientRoundMetric
        {
            ExperimentId = id,
            Round = record.Round,
            ClientIndex = c.ClientIndex,
            Fitness = c.Fitness,
            Sigma = c.Sigma,
            Examples = c.Examples,
            LmQueries = c.LmQueries,
        }));

        if (record.CheckpointState is { } state)
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
            // Strictly better: on a tie the earlier round stays best.
            isBest = experiment.BestAccuracy is not { } best || accuracy > best;
            if (isBest)
            {
                experiment.BestAccuracy = accuracy;
                experiment.BestRound = record.Round;
            }
        }

        await UpsertPromptAsync(db, id, PromptKind.Final, record, now, cancellationToken);
        if (isBest) await UpsertPromptAsync(db, id, PromptKind.Best, record, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RoundMetric>> GetRoundsAsync(
        int id, int fromRound = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.RoundMetrics.AsNoTracking()
            .Where(r => r.ExperimentId == id && r.Round >= fromRound)
            .OrderBy(r => r.Round)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClientRoundMetric>> GetClientRoundsAsync(
        int id, int fromRound = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ClientRoundMetrics.AsNoTracking()
            .Where(c => c.ExperimentId == id && c.Round >= fromRound)
            .OrderBy(c => c.Round).ThenBy(c => c.ClientIndex)
            .ToListAsync(cancellationToken);
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
        FedBptDbContext db, int id, PromptKind kind, RoundRecord record, DateTime now, CancellationToken cancellationToken)
    {
        var prompt = await db.PromptArtifacts.SingleOrDefaultAsync(p => p.ExperimentId == id && p.Kind == kind, cancellationToken);
        if (prompt is null)
            db.PromptArtifacts.Add(prompt = new PromptArtifact { ExperimentId = id, Kind = kind, Json = record.PromptJson });
        prompt.Round = record.Round;
        prompt.Accuracy = record.GlobalTestAccuracy;
        prompt.Json = record.PromptJson;
        prompt.UpdatedUtc = now;
    }
}
