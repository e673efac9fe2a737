using System.Text.Json;
using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>
/// A spec as MLflow params: one per key, named as in the spec JSON (<c>numClients</c>, <c>sigma</c>…), nested objects
/// as dotted paths, lists as their JSON text. The spec's JSON is the source, so a key added to the spec is logged too.
/// </summary>
public static class SpecParams
{
    /// <summary>MLflow's limit on a param value (MLflow 2.x; longer values are cut, with an ellipsis).</summary>
    public const int MaxValueLength = 6000;

    /// <summary>The params of the spec as it runs: keys left to a default (<c>perturb</c>) hold the value used.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(ExperimentSpec spec)
    {
        using var json = JsonDocument.Parse(spec.Normalized().ToJson());
        var result = new List<KeyValuePair<string, string>>();
        Flatten(json.RootElement, "", result);
        return result;
    }

    private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> into)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(value, key + ".", into);
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                    if (value.ValueKind == JsonValueKind.Array) text = JsonSerializer.Serialize(value); // compact, not indented
                    into.Add(new(key, text.Length <= MaxValueLength ? text : text[..(MaxValueLength - 1)] + "…"));
                    break;
            }
        }
    }
}
