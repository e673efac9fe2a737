using System.Collections.Concurrent;
using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Row and label counts of data files, remembered per file version (path, size, modification time): SST-2's train
/// split alone is 67k rows, too many to re-read for every listing. A split from the Hub is a folder of Parquet shards:
/// its version is its shards' total size and newest time.
/// </summary>
public sealed class SplitSummaryCache
{
    private readonly ConcurrentDictionary<(string Task, string Path, long Length, DateTime Modified), SplitSummary> _summaries = new();

    public SplitSummary Get(TaskDefinition task, string split, string path)
    {
        var files = Directory.Exists(path) ? new DirectoryInfo(path).GetFiles() : [new FileInfo(path)];
        long length = files.Sum(f => f.Length);
        var modified = files.Length == 0 ? DateTime.MinValue : files.Max(f => f.LastWriteTimeUtc);
        return _summaries.GetOrAdd((task.Name, Path.GetFullPath(path), length, modified),
            _ => SplitSummary.Of(task, split, path, DatasetLoader.Read(task, path)));
    }
}
