using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FedBpt.Storage.Experiments;

// The run page's log tail. Only the newest lines are kept: the full log belongs in the app's own logging.
public sealed partial class ExperimentStore
{
    public const int LogLinesKept = 500;

    public Task AppendLogAsync(int id, LogLevel level, string message, CancellationToken cancellationToken = default) =>
        AppendLogAsync(id, [new LogLine(Now, level, message)], cancellationToken);

    /// <summary>Adds lines and drops all but the newest <see cref="LogLinesKept"/> of this experiment.</summary>
    public async Task AppendLogAsync(int id, IReadOnlyCollection<LogLine> lines, CancellationToken cancellationToken = default)
    {
        if (lines.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Experiments.AnyAsync(e => e.Id == id, cancellationToken)) throw new ExperimentNotFoundException(id);

        db.LogEntries.AddRange(lines.Select(l => new LogEntry
        {
            ExperimentId = id,
            TimestampUtc = l.TimestampUtc,
            Level = l.Level,
            Message = TextGuards.Truncate(l.Message, FieldLengths.LogMessage),
        }));
        await db.SaveChangesAsync(cancellationToken);
        await db.LogEntries
            .Where(l => l.ExperimentId == id)
            .OrderByDescending(l => l.Id)
            .Skip(LogLinesKept)
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> lines after <paramref name="afterId"/>, oldest first (poll with the last id seen).</summary>
    public async Task<IReadOnlyList<LogEntry>> GetLogTailAsync(
        int id, int take = 200, long afterId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var newestFirst = await db.LogEntries.AsNoTracking()
            .Where(l => l.ExperimentId == id && l.Id > afterId)
            .OrderByDescending(l => l.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }
}
