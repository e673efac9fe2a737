using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Data;

/// <summary>
/// Loads a task's split as <see cref="LabeledText"/>s. A split is the file (or folder of Parquet shards) named in
/// <see cref="TaskDefinition.SplitFiles"/>, else <c>&lt;root&gt;/&lt;task&gt;/&lt;split&gt;.tsv</c> (or
/// <c>.csv</c>, <c>.parquet</c>) in the first data root that has it.
/// </summary>
public static class DatasetLoader
{
    private static readonly string[] Extensions = [".tsv", ".csv", ParquetSplitReader.Extension];

    public static IReadOnlyList<LabeledText> Load(TaskDefinition task, string split, IReadOnlyList<string> dataRoots) =>
        Read(task, ResolvePath(task, split, dataRoots));

    /// <summary>The file that holds <paramref name="split"/>; a missing one is reported with every path searched.</summary>
    public static string ResolvePath(TaskDefinition task, string split, IReadOnlyList<string> dataRoots)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        ArgumentNullException.ThrowIfNull(dataRoots);
        if (task.SplitFiles.TryGetValue(split, out string? explicitPath))
        {
            return File.Exists(explicitPath) || Directory.Exists(explicitPath)
                ? explicitPath
                : throw new FileNotFoundException($"Split '{split}' of task '{task.Name}': the file '{explicitPath}' does not exist.", explicitPath);
        }
        if (FindPath(task, split, dataRoots) is { } found) return found;
        var searched = SearchedPaths(task, split, dataRoots).ToArray();
        var available = AvailableSplits(task, dataRoots);
        throw new FileNotFoundException(
            $"Split '{split}' of task '{task.Name}' was not found. Searched: " +
            (searched.Length == 0 ? "(no data roots configured)" : string.Join(", ", searched)) + ". " +
            (available.Count == 0 ? "No split of this task was found." : $"Available splits: {string.Join(", ", available)}."));
    }

    /// <summary>Where a split without an explicit file is looked for, in order: <c>&lt;root&gt;/&lt;task&gt;/&lt;split&gt;.{tsv,csv,parquet}</c>.</summary>
    public static IEnumerable<string> SearchedPaths(TaskDefinition task, string split, IReadOnlyList<string> dataRoots) =>
        dataRoots.SelectMany(root => Extensions.Select(extension => Path.Combine(root, task.Name, split + extension)));

    /// <summary>The split's explicit file or folder if it exists, else its file in the first data root that has one; null when there is none.</summary>
    public static string? FindPath(TaskDefinition task, string split, IReadOnlyList<string> dataRoots)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(dataRoots);
        if (task.SplitFiles.TryGetValue(split, out string? explicitPath))
            return File.Exists(explicitPath) || Directory.Exists(explicitPath) ? explicitPath : null;
        return SearchedPaths(task, split, dataRoots).FirstOrDefault(File.Exists);
    }

    /// <summary>The splits of <paramref name="task"/> present in its explicit files or under any data root, sorted.</summary>
    public static IReadOnlyList<string> AvailableSplits(TaskDefinition task, IReadOnlyList<string> dataRoots)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(dataRoots);
        var splits = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (split, path) in task.SplitFiles)
        {
            if (File.Exists(path) || Directory.Exists(path)) splits.Add(split);
        }
        foreach (string root in dataRoots)
        {
            string folder = Path.Combine(root, task.Name);
            if (!Directory.Exists(folder)) continue;
            foreach (string file in Directory.EnumerateFiles(folder))
            {
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                    splits.Add(Path.GetFileNameWithoutExtension(file));
            }
        }
        return splits.ToArray();
    }

    /// <summary>Reads the examples of <paramref name="task"/> from one file (or folder of Parquet shards).</summary>
    public static IReadOnlyList<LabeledText> Read(TaskDefinition task, string path)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (ParquetSplitReader.Handles(path)) return ParquetSplitReader.Read(task, path);
        var table = DelimitedFile.Read(path);
        if (table.Rows.Count == 0) throw new DataFormatException($"'{path}' has a header but no data rows.");
        int a = table.ColumnIndex(task.TextAColumn);
        int? b = task.TextBColumn is null ? null : table.ColumnIndex(task.TextBColumn);
        int label = table.ColumnIndex(task.LabelColumn);
        var examples = new List<LabeledText>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            string raw = row.Fields[label].Trim();
            if (!task.LabelValues.TryGetValue(raw, out int classIndex))
            {
                throw new DataFormatException(
                    $"'{path}' line {row.LineNumber}: the label '{raw}' is not a label of task '{task.Name}' " +
                    $"(expected one of: {string.Join(", ", task.LabelValues.Keys)}).");
            }
            examples.Add(new LabeledText(row.Fields[a], b is int bi ? row.Fields[bi] : null, classIndex));
        }
        return examples;
    }
}
