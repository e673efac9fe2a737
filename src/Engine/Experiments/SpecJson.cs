using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// The spec's JSON keys, and System.Text.Json's errors about a spec worded in terms of those keys: a duplicate, an
/// unknown key (with the nearest known one), a value of the wrong type (what was expected, not a .NET type name), a
/// value the key does not take (<see cref="SpecValueException"/>).
/// </summary>
public static partial class SpecJson
{
    /// <summary>The spec's keys, as <see cref="ExperimentSpec.ToJson"/> writes them.</summary>
    public static IReadOnlyList<string> Keys { get; } = Properties().Select(p => p.Name).ToArray();

    /// <summary>The error for one parse failure, keyed by the spec key it concerns ("" for the document as a whole).</summary>
    public static SpecError Describe(JsonException e)
    {
        if (e is SpecValueException value) return new SpecError(value.Field, value.Reason);
        var field = FieldOf(e.Path);
        var message = e.Message;
        if (UnmappedMember().Match(message) is { Success: true } unknown) return UnknownKey(unknown.Groups[1].Value);
        if (Duplicate().Match(message) is { Success: true } duplicate)
        {
            var key = duplicate.Groups[1].Value;
            return new SpecError(key, $"'{key}' is given twice; each key may appear once.");
        }
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && field.Length > 0)
            return new SpecError(field, $"'{field}' has the wrong type: expected {Expected(field)}.");
        // Syntax errors name no type; drop the reader's position suffix, which means nothing to a user of the form.
        return new SpecError(field, PositionSuffix().Replace(message, "").TrimEnd());
    }

    public static SpecError UnknownKey(string key) =>
        new(key, $"'{key}' is not a spec key{(Suggest(key) is { } s ? $" (did you mean '{s}'?)" : "")}.");

    /// <summary>The closest spec key by letters (case and a few typos), for a "did you mean".</summary>
    public static string? Suggest(string key)
    {
        var best = Keys.Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .OrderBy(x => x.Distance).First();
        return best.Distance <= Math.Max(2, key.Length / 4) ? best.Key : null;
    }

    private static string FieldOf(string? path) => path is { Length: > 2 } p ? p.TrimStart('$', '.').Split('[', '.')[0] : "";

    private static string Expected(string field)
    {
        var type = Properties().FirstOrDefault(p => p.Name == field)?.PropertyType;
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string) || type?.IsEnum == true || type == typeof(Federation.FederatedAlgorithm)) return "text in quotes";
        return type is not null && type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable))
            ? "a list, e.g. [\"site-1\"]"
            : "another type of value";
    }

    private static IEnumerable<JsonPropertyInfo> Properties() =>
        ExperimentSpec.JsonOptions.GetTypeInfo(typeof(ExperimentSpec)).Properties.Where(p => p.Get is not null);

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

    [GeneratedRegex("^Duplicate property '(.*?)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex(@"\s*Path: .*$|\s*LineNumber: .*$")]
    private static partial Regex PositionSuffix();
}
