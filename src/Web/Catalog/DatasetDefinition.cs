using System.Text.Json;
using FedBpt.Engine.Tasks;

namespace FedBpt.Web.Catalog;

/// <summary>
/// How to read an uploaded file as a task, as the uploader gives it and as it is stored (the dataset's
/// DefinitionJson): the columns, the template with its <c>&lt;mask&gt;</c>, and each label's verbalizer word, in
/// class order. <see cref="Metric"/> is <c>accuracy</c> (default) or <c>f1</c> (of <see cref="PositiveClass"/>).
/// </summary>
public sealed record DatasetDefinition(
    string? Name,
    string? Template,
    string? TextAColumn,
    string? TextBColumn,
    string? LabelColumn,
    IReadOnlyList<LabelWord>? Labels,
    string? Metric = null,
    int? PositiveClass = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DatasetDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<DatasetDefinition>(json, Json) ?? throw new JsonException("The definition is null.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Missing or malformed fields, keyed by name; empty when the definition can be tried on the files.</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Template)) errors["template"] = ["is required: the prompt text with {text_a} (and {text_b} for pairs) and one <mask>."];
        if (string.IsNullOrWhiteSpace(TextAColumn)) errors["textAColumn"] = ["is required: the column holding the text to classify."];
        if (string.IsNullOrWhiteSpace(LabelColumn)) errors["labelColumn"] = ["is required: the column holding each row's label."];
        if (Labels is null || Labels.Count < 2) errors["labels"] = ["map at least two labels to verbalizer words, e.g. [{\"label\":\"0\",\"word\":\"bad\"},{\"label\":\"1\",\"word\":\"great\"}]."];
        else if (Labels.Any(l => string.IsNullOrWhiteSpace(l.Label) || string.IsNullOrWhiteSpace(l.Word)))
            errors["labels"] = ["every entry needs a label and a word."];
        if (Metric is not null && ParseMetric(Metric) is null) errors["metric"] = ["must be accuracy or f1."];
        if (PositiveClass is { } p && (p < 0 || p >= (Labels?.Count ?? 0))) errors["positiveClass"] = ["must be the index of one of the labels."];
        return errors;
    }

    /// <summary>The engine's task spec over the given files; call after <see cref="Check"/> passed.</summary>
    public CustomTaskSpec ToSpec(string name, string trainFile, string? testFile) => new(
        name, trainFile, testFile, TextAColumn!.Trim(), string.IsNullOrWhiteSpace(TextBColumn) ? null : TextBColumn.Trim(),
        LabelColumn!.Trim(), Template!, Labels!.Select(l => new LabelWord(l.Label.Trim(), l.Word.Trim())).ToArray(),
        ParseMetric(Metric) ?? TaskMetric.Accuracy, PositiveClass ?? 1);

    private static TaskMetric? ParseMetric(string? metric) => metric?.Trim().ToLowerInvariant() switch
    {
        null or "" or "accuracy" => TaskMetric.Accuracy,
        "f1" => TaskMetric.F1,
        _ => null,
    };
}
