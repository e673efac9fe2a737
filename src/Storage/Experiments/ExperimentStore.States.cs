using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Experiments;

// The read a web process polls to learn what workers in other processes did (RunStateWatcher).
public sealed partial class ExperimentStore
{
    /// <summary>Every run's status and rounds recorded, by id.</summary>
    public async Task<IReadOnlyList<RunState>> ListRunStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Experiments.AsNoTracking()
            .OrderBy(e => e.Id)
            .Select(e => new RunState(e.Id, e.Status, e.RoundsCompleted))
            .ToListAsync(cancellationToken);
    }
}
