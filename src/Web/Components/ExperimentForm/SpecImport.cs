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
    public static IReadOnlyList<string> Keys => SpecJson.Keys;

    public static SpecImportResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Fail("", "The text is empty: paste a spec JSON object.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e)
        {
            var error = SpecJson.Describe(e);
            return Fail(error.Field, error.Message.Contains("twice", StringComparison.Ordinal) ? error.Message : $"This is not valid JSON: {error.Message}");
        }
        if (root is not JsonObject obj) return Fail("", "The JSON must be an object with the spec's keys, e.g. { \"numClients\": 10 }.");

        string? name = null;
        if (obj["spec"] is JsonObject wrapped)
        {
            name = obj["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : null;
            obj = wrapped;
        }

        // Every unknown key at once (the parser stops at the first), each with a "did you mean".
        var unknown = obj.Select(p => p.Key).Where(k => !Keys.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0) return new SpecImportResult(null, name, unknown.Select(SpecJson.UnknownKey).ToArray());
        try
        {
            return new SpecImportResult(ExperimentSpec.FromJson(obj.ToJsonString()).Normalized(), name, []);
        }
        catch (SpecValidationException e)
        {
            return new SpecImportResult(null, name, e.Errors);
        }
    }

    /// <summary>The closest spec key by letters (case and a few typos), for a "did you mean".</summary>
    public static string? Suggest(string key) => SpecJson.Suggest(key);

    private static SpecImportResult Fail(string field, string message) => new(null, null, [new SpecError(field, message)]);
}
