using FedBpt.Storage.Datasets;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Common;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Deletes uploaded datasets, for the API and the dashboard alike: refused while a pending or running experiment
/// names the dataset as its task, since its job would find the task gone.
/// </summary>
public sealed class DatasetRemoval(DatasetStore datasets, ExperimentStore experiments)
{
    /// <summary>The deleted dataset's name, or why it was not deleted (conflict: experiments use it; not found).</summary>
    public async Task<Outcome<string>> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var busy = await experiments.ListUnfinishedOnTaskAsync(name, cancellationToken);
        if (busy.Count > 0)
            return Failure.Conflict($"Experiment(s) {string.Join(", ", busy)} on '{name}' are pending or running; cancel them first.");
        return await datasets.DeleteAsync(name, cancellationToken)
            ? name
            : Failure.NotFound($"There is no uploaded dataset named '{name}'.");
    }
}
