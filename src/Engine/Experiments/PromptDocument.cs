using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// An exported prompt: z plus everything needed to rebuild P = A·z (the spec holds the seed, sizes, task, model and
/// injection mode) and to know how good it was. The spec is the one source of those facts: the flat fields a reader
/// sees at the top of the file (task, model, algorithm, seed, sizes, injection) are written from it and ignored when
/// the file is read back. The order keeps the file's layout of format 1.
/// </summary>
public sealed record PromptDocument(
    [property: JsonPropertyOrder(0)] string Format,
    [property: JsonPropertyOrder(1)] string Which,
    [property: JsonPropertyOrder(9)] int Round,
    [property: JsonPropertyOrder(10)] double? Accuracy,
    [property: JsonPropertyOrder(11)] double[] Z,
    [property: JsonPropertyOrder(12)] ExperimentSpec Spec)
{
    public const string CurrentFormat = "fedbpt-prompt/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [JsonPropertyOrder(2)] public string Task => Spec.Task;
    [JsonPropertyOrder(3)] public string Model => Spec.Model;
    [JsonPropertyOrder(4)] public string Algorithm => Spec.Algorithm.Name;
    [JsonPropertyOrder(5)] public long Seed => Spec.Seed;
    [JsonPropertyOrder(6)] public int IntrinsicDim => Spec.IntrinsicDim;
    [JsonPropertyOrder(7)] public int NPromptTokens => Spec.NPromptTokens;
    [JsonPropertyOrder(8)] public string CatOrAdd => SpecChoices.CatOrAdd.NameOf(Spec.CatOrAdd);

    public static PromptDocument From(ExperimentSpec spec, string which, PromptSnapshot snapshot) =>
        new(CurrentFormat, which, snapshot.Round, snapshot.Accuracy, snapshot.Z, spec);

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
