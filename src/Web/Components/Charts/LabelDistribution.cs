using System.Text.Json;
using FedBpt.Engine.Data;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// The client × class example counts stored with an experiment (see the job's RoundRecorder):
/// <c>{"labels": ["terrible", "great"], "clients": [[12, 3], [0, 15]]}</c>.
/// </summary>
public sealed record LabelDistribution(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    /// <summary>Null when there is nothing to show or the document is not in that shape.</summary>
    public static LabelDistribution? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("clients", out var clients) || clients.ValueKind != JsonValueKind.Array)
                return null;
            var names = labels.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()! : l.ToString()).ToArray();
            var counts = clients.EnumerateArray()
                .Select(row => (IReadOnlyList<int>)row.EnumerateArray().Select(n => n.GetInt32()).ToArray())
                .ToArray();
            return counts.Length == 0 ? null : new LabelDistribution(names, counts);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The counts as the engine's table, which holds the skew and size statistics.</summary>
    public LabelCountTable Table => _table ??= LabelCountTable.FromCounts(Counts);

    private LabelCountTable? _table;

    /// <summary>The share of a client's examples in its most common class (1 = one class only; 0 for an empty client).</summary>
    public double MaxClassShare(int client) => Table.MaxClassShare(client);
}
