using System.Globalization;
using System.Text.Json.Nodes;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// A sweep axis as people type it, <c>key=v1,v2</c> (<c>fedbpt sweep --set</c>, the form's Sweep section): each value
/// a JSON number or boolean when it reads as one, else a string. The spec's own check then names the key if a value
/// has the wrong type.
/// </summary>
public static class SweepAxisText
{
    public static (string Key, JsonArray Values) Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw new FormatException($"'{text}': expected key=value1,value2 (e.g. sigma=0.5,1.0).");
        var values = new JsonArray();
        foreach (var v in text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || v is "true" or "false") values.Add(JsonNode.Parse(v));
            else values.Add(v);
        }
        return (text[..eq].Trim(), values);
    }

    /// <summary>Comma-separated whole numbers, e.g. <c>1,2,3</c>.</summary>
    public static long[] ParseSeeds(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed)
                ? seed
                : throw new FormatException($"'{s}' is not a whole number."))
            .ToArray();
}
