using System.Collections.Concurrent;
using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Row and label counts of data files, remembered per file version (path, size, modification time): SST-2's train
/// split alone is 67k rows, too many to re-read for every listing.
/// </summary>
public sealed class SplitSummaryCache
{
    private readonly ConcurrentDictionary<(string Task, string Path, long Length, DateTime Modified), DatasetSummary> _summaries = new();

    public DatasetSummary Get(TaskDefinition task, string split, string path)
    {
        var file = new FileInfo(path);
        return _summaries.GetOrAdd((task.Name, file.FullName, file.Length, file.LastWriteTimeUtc),
            _ => DatasetSummary.Of(task, split, path, DatasetLoader.Read(task, path)));
    }
}
