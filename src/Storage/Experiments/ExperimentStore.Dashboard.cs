using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Experiments;

// Reads the dashboard's run page makes beyond the API's.
public sealed partial class ExperimentStore
{
    /// <summary>Each client's result in one round, by client.</summary>
    public async Task<IReadOnlyList<ClientRoundMetric>> GetClientRoundAsync(
        int id, int round, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ClientRoundMetrics.AsNoTracking()
            .Where(c => c.ExperimentId == id && c.Round == round)
            .OrderBy(c => c.ClientIndex)
            .ToListAsync(cancellationToken);
    }
}
