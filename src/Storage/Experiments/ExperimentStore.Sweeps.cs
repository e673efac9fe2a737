using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Experiments;

// The reads a sweep page makes on its runs.
public sealed partial class ExperimentStore
{
    /// <summary>The runs of sweep <paramref name="sweepId"/>, in the order they were created (grid order).</summary>
    public async Task<IReadOnlyList<ExperimentSummary>> ListSweepAsync(int sweepId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Experiments.AsNoTracking()
            .Where(e => e.SweepId == sweepId)
            .OrderBy(e => e.Id)
            .Select(ToSummary)
            .ToListAsync(cancellationToken);
    }
}
