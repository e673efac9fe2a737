using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedBpt.Web.Sweeps;

/// <summary>One grid point: its spec and the axis values that set it apart, seed last.</summary>
public sealed record SweepPoint(JsonObject Spec, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary>"sigma=0.5 · seed=2": the point's name suffix.</summary>
    public string Label => string.Join(" · ", Values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>Expands a base spec and axes into grid points: the first axis varies slowest, seeds fastest.</summary>
public static class SweepGrid
{
    public const string SeedKey = "seed";

    /// <summary>More runs than this in one sweep is almost certainly a typo in a list.</summary>
    public const int MaxRuns = 200;

    /// <summary>The axes in order, seeds last; each is (key, values).</summary>
    public static List<(string Key, JsonNode?[] Values)> Axes(long[]? seeds, IReadOnlyDictionary<string, JsonElement[]>? axes)
    {
        var list = (axes ?? new Dictionary<string, JsonElement[]>())
            .Select(a => (a.Key, a.Value.Select(v => JsonNode.Parse(v.GetRawText())).ToArray()))
            .ToList();
        if (seeds is { Length: > 0 }) list.Add((SeedKey, seeds.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()));
        return list;
    }

    public static long Count(IEnumerable<(string Key, JsonNode?[] Values)> axes) =>
        axes.Aggregate(1L, (n, a) => n * a.Values.Length);

    public static IReadOnlyList<SweepPoint> Expand(JsonObject baseSpec, IReadOnlyList<(string Key, JsonNode?[] Values)> axes)
    {
        var points = new List<SweepPoint> { new((JsonObject)baseSpec.DeepClone(), []) };
        foreach (var (key, values) in axes)
        {
            points = points.SelectMany(p => values.Select(v =>
            {
                var spec = (JsonObject)p.Spec.DeepClone();
                spec[key] = v?.DeepClone();
                return new SweepPoint(spec, [.. p.Values, new(key, Show(v))]);
            })).ToList();
        }
        return points;
    }

    /// <summary>A value as a label shows it: numbers and booleans as JSON writes them, strings bare.</summary>
    public static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.TryGetValue(out double d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };
}
