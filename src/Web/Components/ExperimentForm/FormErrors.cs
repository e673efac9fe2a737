using System.Text.Json.Nodes;
using FedBpt.Engine.Experiments;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>
/// The form's errors by spec key: the spec validator's (recomputed on every change, the same checks the server
/// makes) and the create service's last answer (task and model availability, the name…). A server error is shown
/// only while its field still holds the value that was submitted, so fixing a field clears its error.
/// </summary>
public sealed class FormErrors
{
    private Dictionary<string, string[]> _client = [];
    private IReadOnlyDictionary<string, string[]> _server = new Dictionary<string, string[]>();
    private JsonObject? _submittedSpec;
    private string? _submittedName;
    private JsonObject? _currentSpec;
    private string? _currentName;

    /// <summary>Re-checks the current values with <see cref="ExperimentSpec.Validate"/>.</summary>
    public void Update(ExperimentSpec spec, string? name)
    {
        _currentSpec = JsonNode.Parse(spec.ToJson())!.AsObject();
        _currentName = name;
        _client = spec.Validate()
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        if (string.IsNullOrWhiteSpace(name)) _client["name"] = ["is required."];
        else if (name.Trim().Length > Storage.Data.FieldLengths.Name) _client["name"] = [$"must be at most {Storage.Data.FieldLengths.Name} characters."];
    }

    /// <summary>Remembers the service's errors for what was submitted.</summary>
    public void SetServer(IReadOnlyDictionary<string, string[]> errors, ExperimentSpec submitted, string? name)
    {
        _server = errors;
        _submittedSpec = JsonNode.Parse(submitted.ToJson())!.AsObject();
        _submittedName = name;
    }

    public void ClearServer() => _server = new Dictionary<string, string[]>();

    /// <summary>Errors that keep the form from being submitted (the validator's).</summary>
    public bool HasClientErrors => _client.Count > 0;

    public bool Has(string field) => Messages(field).Count > 0;

    /// <summary>The field's messages, each a sentence like "must be between 1 and 1000.", joined for an input's error text.</summary>
    public string? Text(string field) => Messages(field) is { Count: > 0 } m ? string.Join(" ", m.Select(Capitalize)) : null;

    public IReadOnlyList<string> Messages(string field)
    {
        var list = new List<string>();
        if (_client.TryGetValue(field, out var c)) list.AddRange(c);
        if (_server.TryGetValue(field, out var s) && StillSubmitted(field)) list.AddRange(s.Where(m => !list.Contains(m)));
        return list;
    }

    /// <summary>Every current error, by field, in the order of the form's sections.</summary>
    public IReadOnlyList<(string Field, string Message)> All()
    {
        var keys = _client.Keys.Concat(_server.Keys.Where(StillSubmitted)).Distinct()
            .OrderBy(k => k == "name" ? -1 : SpecFields.All.ToList().FindIndex(f => f.Key == k) is var i && i < 0 ? 999 : i);
        return keys.SelectMany(k => Messages(k).Select(m => (k, m))).ToArray();
    }

    private bool StillSubmitted(string field)
    {
        if (field == "name") return string.Equals(_submittedName?.Trim(), _currentName?.Trim(), StringComparison.Ordinal);
        if (_submittedSpec is null || _currentSpec is null) return true;
        if (!_submittedSpec.ContainsKey(field)) return JsonNode.DeepEquals(_submittedSpec, _currentSpec); // "spec", "": the whole spec
        return JsonNode.DeepEquals(_submittedSpec[field], _currentSpec[field]);
    }

    private static string Capitalize(string message) =>
        message.Length > 0 && char.IsLower(message[0]) ? char.ToUpperInvariant(message[0]) + message[1..] : message;
}
