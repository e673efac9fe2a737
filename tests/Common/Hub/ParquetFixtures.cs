using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace FedBpt.Tests.Common.Hub;

/// <summary>
/// Parquet files shaped like the Hub's conversion of a dataset (written with Parquet.Net): text columns, an int64
/// label column, and the <c>huggingface</c> key/value metadata with the label's class names.
/// </summary>
public static class ParquetFixtures
{
    /// <summary>SST-2 as the Hub has it: sentence, label (negative/positive), idx.</summary>
    public static byte[] Sst2(IReadOnlyList<(string Sentence, long Label)> rows, bool metadata = true) =>
        Write(
            [("sentence", rows.Select(r => (string?)r.Sentence).ToArray())],
            "label", rows.Select(r => r.Label).ToArray(),
            metadata ? ["negative", "positive"] : null,
            idx: true);

    /// <summary>The first <paramref name="count"/> rows of a shared SST-2 TSV (sentence TAB label), bytes as they are.</summary>
    public static IReadOnlyList<(string Sentence, long Label)> Sst2Rows(string tsv, int count) =>
        File.ReadLines(tsv).Skip(1).Take(count)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], long.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>A file with the given text columns, an integer label column and, when given, the label's class names in the metadata.</summary>
    public static byte[] Write(IReadOnlyList<(string Name, string?[] Values)> texts, string labelColumn, long[] labels, IReadOnlyList<string>? labelNames,
        bool idx = false)
    {
        var textFields = texts.Select(t => new DataField<string>(t.Name)).ToArray();
        var labelField = new DataField<long>(labelColumn);
        var idxField = new DataField<int>("idx");
        var fields = new List<Field>(textFields) { labelField };
        if (idx) fields.Add(idxField);
        using var stream = new MemoryStream();
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            if (labelNames is not null) writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = Metadata(texts, labelColumn, labelNames, idx) };
            using var group = writer.CreateRowGroup();
            for (int i = 0; i < texts.Count; i++) await group.WriteAsync(textFields[i], texts[i].Values);
            await group.WriteAsync<long>(labelField, labels.AsMemory());
            if (idx) await group.WriteAsync<int>(idxField, Enumerable.Range(0, labels.Length).ToArray().AsMemory());
        }).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    private static string Metadata(IReadOnlyList<(string Name, string?[] Values)> texts, string labelColumn, IReadOnlyList<string> names, bool idx)
    {
        var features = new Dictionary<string, object>();
        foreach (var (name, _) in texts) features[name] = new Dictionary<string, string> { ["dtype"] = "string", ["_type"] = "Value" };
        features[labelColumn] = new Dictionary<string, object> { ["names"] = names, ["_type"] = "ClassLabel" };
        if (idx) features["idx"] = new Dictionary<string, string> { ["dtype"] = "int32", ["_type"] = "Value" };
        return JsonSerializer.Serialize(new { info = new { features } });
    }
}
