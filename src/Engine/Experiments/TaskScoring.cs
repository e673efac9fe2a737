using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// A task's encoder and the scorer that matches it, built one way for training, evaluation and
/// prediction: with the spec's prompt (placeholders, injection mode) or as the plain manual template.
/// Texts go through <see cref="EncodeAll"/>, which applies the spec's <c>trimText</c>.
/// </summary>
public sealed record TaskScoring(TaskEncoder Encoder, PromptScorer Scorer)
{
    /// <summary>Trim white space around each text before encoding (the spec's <c>trimText</c>).</summary>
    public bool TrimText { get; init; }

    /// <summary>The encoding a run trains and evaluates its prompt with.</summary>
    public static TaskScoring Prompted(ExperimentSpec spec, ModelAssets assets, TaskDefinition task, int maxTokensPerForward) =>
        Create(assets, task, spec.CatOrAdd, spec.NPromptTokens, spec.VerbalizerLeadingSpace, maxTokensPerForward) with { TrimText = spec.TrimText };

    /// <summary>The plain template, no prompt and no placeholders: the manual (zero-shot) baseline.</summary>
    public static TaskScoring Manual(bool verbalizerLeadingSpace, bool trimText, ModelAssets assets, TaskDefinition task, int maxTokensPerForward) =>
        Create(assets, task, PromptMode.Add, 0, verbalizerLeadingSpace, maxTokensPerForward) with { TrimText = trimText };

    /// <summary>Encodes texts as this scoring sees them; with <paramref name="dropTooLong"/> over-long ones are dropped and reported.</summary>
    public EncodedSet EncodeAll(IEnumerable<LabeledText> texts, bool dropTooLong = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Encoder.EncodeAll(TrimText ? texts.Select(Trimmed) : texts, dropTooLong);
    }

    private static LabeledText Trimmed(LabeledText text) => text with { TextA = text.TextA.Trim(), TextB = text.TextB?.Trim() };

    private static TaskScoring Create(ModelAssets assets, TaskDefinition task, PromptMode mode, int nPromptTokens, bool leadingSpace, int maxTokens)
    {
        var encoder = new TaskEncoder(assets.Tokenizer, task, mode, nPromptTokens, leadingSpace, assets.Model.Config.MaxSequenceLength);
        return new TaskScoring(encoder, new PromptScorer(assets.Model, encoder.VerbalizerIds, mode, maxTokens));
    }
}
