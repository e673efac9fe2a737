using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Hub;

/// <summary>A task split from the Hub: the snapshot folder of its Parquet shards and what this call downloaded.</summary>
public sealed record HubSplit(string Split, string Folder, HubRepo Repo, string Commit, int DownloadedFiles, long DownloadedBytes);

/// <summary>A task whose splits missing from the data roots point at the Hub's Parquet files in the cache.</summary>
public sealed record ResolvedTask(TaskDefinition Task, IReadOnlyList<HubSplit> FromHub);

/// <summary>
/// Built-in tasks' data from the Hub when no data root holds it: the dataset's Parquet conversion
/// (<c>refs/convert/parquet</c>, <c>{config}/{split}/NNNN.parquet</c>), its shards listed by
/// <c>/api/datasets/{repo}/parquet/{config}/{split}</c> (a single <c>0000.parquet</c> when the listing is unavailable).
/// Shards are fetched last to first, so a split whose <c>0000.parquet</c> is in the cache is complete and is used
/// without a request. A local TSV always wins, split by split.
/// </summary>
public sealed partial class HubDatasets(HubFiles hub)
{
    public const string ParquetRevision = "refs/convert/parquet";

    public HubFiles Hub => hub;

    /// <summary>The task with every split of <paramref name="splits"/> (default: its train and test splits) that no data root has taken from the Hub.</summary>
    public async Task<ResolvedTask> ResolveAsync(TaskDefinition task, IReadOnlyList<string> dataRoots, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken, IReadOnlyList<string>? splits = null)
    {
        var wanted = splits ?? [task.TrainSplit, task.TestSplit];
        var fromHub = new List<HubSplit>();
        if (HubDatasetSource.Of(task.Name) is { } source && task.SplitFiles.Count == 0)
        {
            foreach (var split in wanted.Distinct(StringComparer.Ordinal))
            {
                if (DatasetLoader.FindPath(task, split, dataRoots) is not null || !source.Splits.ContainsKey(split)) continue;
                fromHub.Add(await ResolveSplitAsync(source, split, refresh: false, progress, cancellationToken));
            }
        }
        return new ResolvedTask(With(task, fromHub.Select(s => (s.Split, s.Folder))), fromHub);
    }

    /// <summary>Every split of the task's dataset from the Hub, asking the Hub for the latest conversion (<c>fedbpt download</c>).</summary>
    public async Task<IReadOnlyList<HubSplit>> DownloadAsync(TaskDefinition task, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var source = HubDatasetSource.Of(task.Name) ?? throw new ArgumentException($"Task '{task.Name}' has no dataset on the Hub.");
        var result = new List<HubSplit>();
        foreach (var split in new[] { task.TrainSplit, task.TestSplit }.Distinct(StringComparer.Ordinal))
            result.Add(await ResolveSplitAsync(source, split, refresh: true, progress, cancellationToken));
        return result;
    }

    /// <summary>The task with the Hub splits that the cache already holds (no request), for listings.</summary>
    public TaskDefinition WithCached(TaskDefinition task, IReadOnlyList<string> dataRoots)
    {
        if (HubDatasetSource.Of(task.Name) is not { } source || task.SplitFiles.Count > 0) return task;
        var cached = source.Splits.Keys
            .Where(split => DatasetLoader.FindPath(task, split, dataRoots) is null)
            .Select(split => (split, Cached(source, split)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.split, p.Item2!));
        return With(task, cached);
    }

    /// <summary>Why <paramref name="split"/> of the task cannot be had, or null: found locally, cached, or (online) on the Hub.</summary>
    public string? Unavailable(TaskDefinition task, string split, IReadOnlyList<string> dataRoots)
    {
        if (DatasetLoader.FindPath(task, split, dataRoots) is not null) return null;
        if (HubDatasetSource.Of(task.Name) is { } source && task.SplitFiles.Count == 0 && source.Splits.ContainsKey(split))
        {
            if (!hub.Settings.Offline || Cached(source, split) is not null) return null;
            var searched = DatasetLoader.SearchedPaths(task, split, dataRoots);
            return $"Split '{split}' of task '{task.Name}' is in no data root (searched: {string.Join(", ", searched)}), and offline (HF_HUB_OFFLINE or "
                + $"FedBpt:Hub:Offline) it cannot come from the Hub ({source.Repo}): the cache {hub.Cache.RepoFolder(RepoOf(source))} does not hold it. "
                + $"Run `fedbpt download {task.Name}` where the Hub can be reached.";
        }
        try
        {
            DatasetLoader.ResolvePath(task, split, dataRoots);
            return null;
        }
        catch (FileNotFoundException e)
        {
            return e.Message;
        }
    }

    private async Task<HubSplit> ResolveSplitAsync(HubDatasetSource source, string split, bool refresh, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var repo = RepoOf(source);
        string hubSplit = source.Splits[split];
        if (!refresh && Cached(source, split) is { } folder)
            return new HubSplit(split, folder, repo, hub.Cache.CommitOf(repo)!, 0, 0);

        var shards = hub.Settings.Offline ? [0] : await ListShardsAsync(source, hubSplit, repo, cancellationToken);
        HubRepo at = repo;
        var files = new List<HubFile>();
        foreach (int shard in shards.OrderDescending())
        {
            var file = await hub.ResolveAsync(at, ShardPath(source, hubSplit, shard), progress, cancellationToken);
            at = repo.At(file.Commit); // one conversion for all shards
            files.Add(file);
        }
        var commit = files[0].Commit;
        var downloaded = files.Where(f => f.DownloadedBytes > 0).ToArray();
        return new HubSplit(split, Path.GetDirectoryName(files[^1].Path)!, repo, commit, downloaded.Length, downloaded.Sum(f => f.DownloadedBytes));
    }

    /// <summary>The shard numbers the Hub lists for the split; [0] when it lists none or cannot say.</summary>
    private async Task<int[]> ListShardsAsync(HubDatasetSource source, string hubSplit, HubRepo repo, CancellationToken cancellationToken)
    {
        try
        {
            var json = await hub.Client.GetApiAsync($"datasets/{source.Repo}/parquet/{Uri.EscapeDataString(source.Config)}/{Uri.EscapeDataString(hubSplit)}",
                repo, cancellationToken);
            var urls = JsonSerializer.Deserialize<string[]>(json) ?? [];
            var shards = urls.Select(u => ShardNumber().Match(u)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
            return shards.Length > 0 && shards.Length == urls.Length ? shards : [0];
        }
        catch (Exception e) when (e is HubException or JsonException)
        {
            return [0]; // the known path answers (or says what is wrong) on its own
        }
    }

    private string? Cached(HubDatasetSource source, string split)
    {
        var repo = RepoOf(source);
        if (hub.Cache.CommitOf(repo) is not { } commit) return null;
        var first = hub.Cache.SnapshotPath(repo, commit, ShardPath(source, source.Splits[split], 0));
        return File.Exists(first) ? Path.GetDirectoryName(first) : null;
    }

    private static HubRepo RepoOf(HubDatasetSource source) => HubRepo.Parse(source.Repo, HubRepoType.Dataset).At(ParquetRevision);

    private static string ShardPath(HubDatasetSource source, string hubSplit, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{source.Config}/{hubSplit}/{shard:0000}.parquet");

    private static TaskDefinition With(TaskDefinition task, IEnumerable<(string Split, string Folder)> splits)
    {
        var files = splits.ToDictionary(s => s.Split, s => s.Folder, StringComparer.Ordinal);
        return files.Count == 0 ? task : task.WithSplitFiles(files);
    }

    [GeneratedRegex(@"/(\d+)\.parquet$")]
    private static partial Regex ShardNumber();
}
