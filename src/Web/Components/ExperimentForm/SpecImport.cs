using System.Text.Json;
using System.Text.Json.Nodes;
using FedBpt.Engine.Experiments;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>What an imported file or pasted text held: a spec (and a name when it came with one), or why not.</summary>
public sealed record SpecImportResult(ExperimentSpec? Spec, string? Name, IReadOnlyList<SpecError> Errors)
{
    public bool Succeeded => Spec is not null;
}

/// <summary>
/// Reads spec JSON the way the create service does (<see cref="ExperimentSpec.FromJson"/>: unknown keys and wrong
/// types are errors), accepting a bare spec or any object that wraps one under "spec": a create request
/// (<c>{"name", "spec"}</c>), an experiment from the API or an exported prompt.
/// </summary>
public static class SpecImport
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The spec's keys, as ExperimentSpec writes them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        JsonNode.Parse(new ExperimentSpec().ToJson())!.AsObject().Select(p => p.Key).ToArray();

    public static SpecImportResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Fail("", "The text is empty: paste a spec JSON object.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Fail("", $"This is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject obj) return Fail("", "The JSON must be an object with the spec's keys, e.g. { \"numClients\": 10 }.");

        string? name = null;
        if (obj["spec"] is JsonObject wrapped)
        {
            name = obj["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : null;
            obj = wrapped;
        }

        var unknown = obj.Select(p => p.Key).Where(k => !Keys.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            return new SpecImportResult(null, name, unknown.Select(k =>
                new SpecError(k, $"'{k}' is not a spec key{(Suggest(k) is { } s ? $" (did you mean '{s}'?)" : "")}.")).ToArray());
        }
        try
        {
            return new SpecImportResult(ExperimentSpec.FromJson(obj.ToJsonString()).Normalized(), name, []);
        }
        catch (SpecValidationException e)
        {
            return new SpecImportResult(null, name, e.Errors.Select(Simplify).ToArray());
        }
    }

    /// <summary>The closest spec key by letters (case and a few typos), for a "did you mean".</summary>
    public static string? Suggest(string key)
    {
        var best = Keys.Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .OrderBy(x => x.Distance).First();
        return best.Distance <= Math.Max(2, key.Length / 4) ? best.Key : null;
    }

    private static SpecError Simplify(SpecError error) =>
        error.Field.Length > 0 && error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? new SpecError(error.Field, $"'{error.Field}' has the wrong type for this setting.")
            : error;

    private static SpecImportResult Fail(string field, string message) => new(null, null, [new SpecError(field, message)]);

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
