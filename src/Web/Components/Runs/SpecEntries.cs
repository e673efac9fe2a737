using System.Globalization;
using System.Text.Json;

namespace FedBpt.Web.Components.Runs;

/// <summary>
/// An experiment spec (its stored JSON) as ordered key/value text: nested objects become dotted keys and arrays a
/// comma-separated list, so that specs can be shown and compared key by key.
/// </summary>
public static class SpecEntries
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string? specJson)
    {
        var entries = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(specJson)) return entries;
        try
        {
            using var document = JsonDocument.Parse(specJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return [new("spec", document.RootElement.ToString())];
            Flatten(document.RootElement, "", entries);
        }
        catch (JsonException)
        {
            entries.Add(new("spec", specJson));
        }
        return entries;
    }

    private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> entries)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.Object) Flatten(property.Value, key, entries);
            else entries.Add(new(key, Text(property.Value)));
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetInt64(out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Text)) + "]",
        _ => value.GetRawText(),
    };
}

/// <summary>One spec key across the compared runs; a missing key counts as a difference.</summary>
public sealed record SpecComparisonRow(string Key, IReadOnlyList<string?> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>Whether run <paramref name="index"/>'s value differs from the first run's (the cell to highlight).</summary>
    public bool DiffersAt(int index) => Differs && !string.Equals(Values[index], Values[0], StringComparison.Ordinal);
}

public static class SpecComparison
{
    /// <summary>Rows in the order keys first appear, runs in the given order.</summary>
    public static IReadOnlyList<SpecComparisonRow> Build(IReadOnlyList<string?> specJsons, bool differencesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(specJsons);
        var specs = specJsons.Select(json => SpecEntries.Read(json).ToDictionary(e => e.Key, e => e.Value)).ToArray();
        var keys = specJsons.SelectMany(json => SpecEntries.Read(json).Select(e => e.Key)).Distinct().ToArray();
        var rows = keys.Select(k => new SpecComparisonRow(k, specs.Select(s => s.GetValueOrDefault(k)).ToArray()));
        return (differencesOnly ? rows.Where(r => r.Differs) : rows).ToArray();
    }
}

/// <summary>A run's column in a configuration comparison.</summary>
public sealed record SpecColumn(string Label, string Color, string? SpecJson);
