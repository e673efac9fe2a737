using System.Text.Json;
using System.Text.Json.Serialization;
using FedBpt.Engine.Data;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// The text a spec key takes for one of the engine's enums (<c>"ce"</c> for <see cref="Scoring.LossType.CrossEntropy"/>):
/// the one table its JSON converter, the form and the refusal message read. Text is matched trimmed and ignoring case,
/// as specs were read before these keys were typed; it is written in the table's spelling.
/// </summary>
public sealed class SpecChoice<T> where T : struct, Enum
{
    private readonly (T Value, string Name)[] _names;

    public SpecChoice(string key, string mustBe, params (T Value, string Name)[] names)
    {
        Key = key;
        MustBe = mustBe;
        _names = names;
    }

    /// <summary>The spec key (camelCase) this choice is the value of.</summary>
    public string Key { get; }

    /// <summary>The refusal of any other text, e.g. "must be ce or hinge.".</summary>
    public string MustBe { get; }

    public IReadOnlyList<T> Values => _names.Select(n => n.Value).ToArray();

    public string NameOf(T value) =>
        _names.FirstOrDefault(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Name
        ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no '{Key}' text.");

    public bool TryParse(string? text, out T value)
    {
        var match = _names.FirstOrDefault(n => string.Equals(n.Name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = match.Value;
        return match.Name is not null;
    }
}

/// <summary>The spec's enum-valued keys.</summary>
public static class SpecChoices
{
    public static SpecChoice<LossType> LossType { get; } = new("lossType", "must be ce or hinge.",
        (Scoring.LossType.CrossEntropy, "ce"), (Scoring.LossType.Hinge, "hinge"));

    public static SpecChoice<PromptMode> CatOrAdd { get; } = new("catOrAdd", "must be add or cat.",
        (PromptMode.Add, "add"), (PromptMode.Cat, "cat"));

    public static SpecChoice<DirichletScheme> DirichletScheme { get; } = new("dirichletScheme", "must be one of reference, per-class.",
        (Data.DirichletScheme.Reference, "reference"), (Data.DirichletScheme.PerClass, "per-class"));
}

/// <summary>
/// A spec value that is not one the key takes (an unknown algorithm, a loss other than ce or hinge), refused while the
/// spec is parsed; <see cref="SpecJson.Describe"/> reports it under <see cref="Field"/>.
/// </summary>
public sealed class SpecValueException(string field, string reason) : JsonException(reason)
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>Reads and writes a <see cref="SpecChoice{T}"/>'s text; text of the wrong kind (a number) is a wrong type.</summary>
public abstract class SpecChoiceJson<T>(SpecChoice<T> choice) : JsonConverter<T> where T : struct, Enum
{
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw new JsonException();
        return choice.TryParse(reader.GetString(), out var value) ? value : throw new SpecValueException(choice.Key, choice.MustBe);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(choice.NameOf(value));
}

public sealed class LossTypeJson() : SpecChoiceJson<LossType>(SpecChoices.LossType);

public sealed class CatOrAddJson() : SpecChoiceJson<PromptMode>(SpecChoices.CatOrAdd);

public sealed class DirichletSchemeJson() : SpecChoiceJson<DirichletScheme>(SpecChoices.DirichletScheme);

/// <summary>The spec's <c>algorithm</c>: a registered algorithm's name in JSON (trimmed, any case), its descriptor in C#.</summary>
public sealed class AlgorithmJson : JsonConverter<FederatedAlgorithm>
{
    public const string Key = "algorithm";

    public override bool HandleNull => true;

    public override FederatedAlgorithm Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw new JsonException();
        return Algorithms.Find(reader.GetString()?.Trim().ToLowerInvariant())
            ?? throw new SpecValueException(Key, $"must be one of {string.Join(", ", Algorithms.All)}.");
    }

    public override void Write(Utf8JsonWriter writer, FederatedAlgorithm value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
