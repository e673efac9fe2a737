using FedBpt.Storage.Datasets;
using FedBpt.Web.Common;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Deletes uploaded datasets, for the API and the dashboard alike: refused while a pending or running experiment
/// names the dataset as its task, since its job would find the task gone. The check and the delete are one
/// transaction (<see cref="DatasetStore.DeleteAsync"/>), and the dataset's cached files go with it.
/// </summary>
public sealed class DatasetRemoval(DatasetStore datasets, DatasetFiles files)
{
    /// <summary>The deleted dataset's name, or why it was not deleted (conflict: experiments use it; not found).</summary>
    public async Task<Outcome<string>> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        bool deleted;
        try
        {
            deleted = await datasets.DeleteAsync(name, cancellationToken);
        }
        catch (DatasetInUseException e)
        {
            return Failure.Conflict(e.Message);
        }
        if (!deleted) return Failure.NotFound($"There is no uploaded dataset named '{name}'.");
        files.Delete(name);
        return name;
    }
}
