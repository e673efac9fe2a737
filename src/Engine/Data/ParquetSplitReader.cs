using System.Globalization;
using System.Text.Json;
using FedBpt.Engine.Tasks;
using Parquet;
using Parquet.Schema;

namespace FedBpt.Engine.Data;

/// <summary>
/// Reads a task's examples from Parquet (with Parquet.Net): one <c>.parquet</c> file, or a folder of shards read in
/// name order (a split from the Hub). Texts are kept exactly as stored. An integer label maps by its number when the
/// task lists it (SST-2's "0"/"1"), else by its class name from the file's <c>huggingface</c> metadata (RTE's
/// "entailment"); -1 is the Hub's "no label" (GLUE's hidden test labels, SNLI's undecided pairs) and the row is dropped.
/// </summary>
public static class ParquetSplitReader
{
    public const string Extension = ".parquet";

    /// <summary>A Parquet file, or a folder of Parquet shards.</summary>
    public static bool Handles(string path) =>
        string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase) || Directory.Exists(path);

    /// <summary>Parquet.Net is asynchronous; it runs on the pool so that no caller's synchronization context is waited on.</summary>
    public static IReadOnlyList<LabeledText> Read(TaskDefinition task, string path) =>
        Task.Run(() => ReadAsync(task, path)).GetAwaiter().GetResult();

    public static async Task<IReadOnlyList<LabeledText>> ReadAsync(TaskDefinition task, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*" + Extension).Order(StringComparer.Ordinal).ToArray()
            : [path];
        if (files.Length == 0) throw new DataFormatException($"'{path}' holds no {Extension} files.");
        var examples = new List<LabeledText>();
        int dropped = 0;
        foreach (var file in files) dropped += await ReadFileAsync(task, file, examples, cancellationToken);
        if (examples.Count == 0)
        {
            throw new DataFormatException($"'{path}' has no labelled rows" + (dropped > 0
                ? $": all {dropped} have label -1, the Hub's 'no label' (GLUE hides its test sets' labels)."
                : "."));
        }
        return examples;
    }

    /// <summary>The top-level column names of a Parquet file, in order.</summary>
    public static async Task<IReadOnlyList<string>> ColumnsAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        return reader.Schema.Fields.Select(f => f.Name).ToArray();
    }

    /// <summary>Appends the file's examples; returns how many rows it dropped for label -1.</summary>
    private static async Task<int> ReadFileAsync(TaskDefinition task, string file, List<LabeledText> examples, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException && e is not FileNotFoundException)
        {
            throw new DataFormatException($"'{file}' is not a readable Parquet file: {e.Message}");
        }
        await using (reader)
        {
            var textA = Field(reader, task.TextAColumn, file);
            var textB = task.TextBColumn is null ? null : Field(reader, task.TextBColumn, file);
            var label = Field(reader, task.LabelColumn, file);
            var names = LabelNames(reader, task.LabelColumn);
            int dropped = 0;
            long row = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int count = checked((int)group.RowCount);
                var a = await StringsAsync(group, textA, count, cancellationToken);
                var b = textB is null ? null : await StringsAsync(group, textB, count, cancellationToken);
                var labels = await LabelsAsync(group, label, count, file, cancellationToken);
                for (int i = 0; i < count; i++)
                {
                    row++;
                    var raw = labels[i];
                    if (raw is null) throw new DataFormatException($"'{file}' row {row}: the label column '{task.LabelColumn}' is empty.");
                    if (raw is long number && number == -1)
                    {
                        dropped++;
                        continue;
                    }
                    string text = a[i] ?? throw new DataFormatException($"'{file}' row {row}: the column '{task.TextAColumn}' is empty.");
                    string? second = b is null ? null : b[i] ?? throw new DataFormatException($"'{file}' row {row}: the column '{task.TextBColumn}' is empty.");
                    examples.Add(new LabeledText(text, second, ClassOf(task, raw, names, file, row)));
                }
            }
            return dropped;
        }
    }

    private static int ClassOf(TaskDefinition task, object raw, IReadOnlyList<string>? names, string file, long row)
    {
        if (raw is long number)
        {
            string key = number.ToString(CultureInfo.InvariantCulture);
            if (task.LabelValues.TryGetValue(key, out int byNumber)) return byNumber;
            if (names is not null && number >= 0 && number < names.Count && task.LabelValues.TryGetValue(names[(int)number], out int byName)) return byName;
            string shown = names is not null && number >= 0 && number < names.Count ? $"{key} ('{names[(int)number]}')" : key;
            throw UnknownLabel(task, shown, file, row);
        }
        string text = ((string)raw).Trim();
        return task.LabelValues.TryGetValue(text, out int index) ? index : throw UnknownLabel(task, $"'{text}'", file, row);
    }

    private static DataFormatException UnknownLabel(TaskDefinition task, string label, string file, long row) =>
        new($"'{file}' row {row}: the label {label} is not a label of task '{task.Name}' (expected one of: {string.Join(", ", task.LabelValues.Keys)}).");

    private static DataField Field(ParquetReader reader, string column, string file) =>
        reader.Schema.Fields.OfType<DataField>().FirstOrDefault(f => f.Name == column)
        ?? throw new DataFormatException(
            $"'{file}' has no column '{column}'. Its columns: {string.Join(", ", reader.Schema.Fields.Select(f => f.Name))}.");

    private static async Task<string?[]> StringsAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        if (!IsText(field)) throw new DataFormatException($"The column '{field.Name}' holds {field.ClrType.Name} values, not text.");
        var values = new string?[count];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    }

    /// <summary>Integer labels as <see cref="long"/>, text labels as <see cref="string"/>, nulls as null.</summary>
    private static async Task<object?[]> LabelsAsync(ParquetRowGroupReader group, DataField field, int count, string file, CancellationToken cancellationToken)
    {
        if (IsText(field)) return await StringsAsync(group, field, count, cancellationToken);
        if (field.ClrType == typeof(long)) return Box(await NumbersAsync<long>(group, field, count, cancellationToken), v => v);
        if (field.ClrType == typeof(int)) return Box(await NumbersAsync<int>(group, field, count, cancellationToken), v => v);
        if (field.ClrType == typeof(short)) return Box(await NumbersAsync<short>(group, field, count, cancellationToken), v => v);
        if (field.ClrType == typeof(sbyte)) return Box(await NumbersAsync<sbyte>(group, field, count, cancellationToken), v => v);
        throw new DataFormatException($"'{file}': the label column '{field.Name}' holds {field.ClrType.Name} values; use integers or text.");
    }

    /// <summary>Parquet.Net 6 gives UTF-8 text columns the CLR type ReadOnlyMemory&lt;char&gt;.</summary>
    private static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static async Task<T?[]> NumbersAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[count];
        if (field.IsNullable)
        {
            await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        }
        else
        {
            var plain = new T[count];
            await group.ReadAsync(field, plain.AsMemory(), cancellationToken: cancellationToken);
            for (int i = 0; i < count; i++) values[i] = plain[i];
        }
        return values;
    }

    private static object?[] Box<T>(T?[] values, Func<T, long> widen) where T : struct =>
        values.Select(v => v is { } x ? (object)widen(x) : null).ToArray();

    /// <summary>The class names the Hub's <c>datasets</c> library writes into the file (<c>info.features.&lt;column&gt;.names</c>), if any.</summary>
    private static IReadOnlyList<string>? LabelNames(ParquetReader reader, string column)
    {
        if (!reader.CustomMetadata.TryGetValue("huggingface", out var json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("info", out var info) && info.TryGetProperty("features", out var features)
                && features.ValueKind == JsonValueKind.Object && features.TryGetProperty(column, out var feature)
                && feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array)
            {
                return names.EnumerateArray().Select(n => n.GetString() ?? "").ToArray();
            }
        }
        catch (JsonException)
        {
            // metadata we cannot read names no classes: labels then map by number only
        }
        return null;
    }
}
