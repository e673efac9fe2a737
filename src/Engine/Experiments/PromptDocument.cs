using System.Text.Json;
using System.Text.Json.Nodes;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// An exported prompt: z plus everything needed to rebuild P = A·z (the spec holds the seed, sizes,
/// task, model and injection mode) and to know how good it was.
/// </summary>
public sealed record PromptDocument(
    string Format,
    string Which,
    string Task,
    string Model,
    string Algorithm,
    long Seed,
    int IntrinsicDim,
    int NPromptTokens,
    string CatOrAdd,
    int Round,
    double? Accuracy,
    double[] Z,
    ExperimentSpec Spec)
{
    public const string CurrentFormat = "fedbpt-prompt/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static PromptDocument From(ExperimentSpec spec, string which, PromptSnapshot snapshot) =>
        new(CurrentFormat, which, spec.Task, spec.Model, spec.Algorithm.Name, spec.Seed, spec.IntrinsicDim, spec.NPromptTokens,
            SpecChoices.CatOrAdd.NameOf(spec.CatOrAdd), snapshot.Round, snapshot.Accuracy, snapshot.Z, spec);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PromptDocument FromJson(string json)
    {
        PromptDocument? doc;
        try
        {
            // A prompt exported before a spec key existed is rebuilt the way it was trained.
            var node = JsonNode.Parse(json);
            if (node is JsonObject root && root.FirstOrDefault(p => string.Equals(p.Key, "spec", StringComparison.OrdinalIgnoreCase)).Value is JsonObject spec)
                ExperimentSpec.WithLegacyDefaults(spec);
            doc = node.Deserialize<PromptDocument>(Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a FedBpt prompt file: {e.Message}", e);
        }
        if (doc is null || doc.Format != CurrentFormat)
            throw new InvalidDataException($"Not a FedBpt prompt file (expected format '{CurrentFormat}').");
        if (doc.Z is null || doc.Z.Length != doc.Spec.IntrinsicDim)
            throw new InvalidDataException($"The prompt's z has {doc.Z?.Length ?? 0} numbers; its spec says {doc.Spec.IntrinsicDim}.");
        return doc;
    }
}
