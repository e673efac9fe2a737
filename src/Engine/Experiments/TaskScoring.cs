using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// A task's encoder and the scorer that matches it, built one way for training, evaluation and
/// prediction: with the spec's prompt (placeholders, injection mode) or as the plain manual template.
/// </summary>
public sealed record TaskScoring(TaskEncoder Encoder, PromptScorer Scorer)
{
    /// <summary>The encoding a run trains and evaluates its prompt with.</summary>
    public static TaskScoring Prompted(ExperimentSpec spec, ModelAssets assets, TaskDefinition task, int maxTokensPerForward) =>
        Create(assets, task, spec.Mode, spec.NPromptTokens, spec.VerbalizerLeadingSpace, maxTokensPerForward);

    /// <summary>The plain template, no prompt and no placeholders: the manual (zero-shot) baseline.</summary>
    public static TaskScoring Manual(bool verbalizerLeadingSpace, ModelAssets assets, TaskDefinition task, int maxTokensPerForward) =>
        Create(assets, task, PromptMode.Add, 0, verbalizerLeadingSpace, maxTokensPerForward);

    private static TaskScoring Create(ModelAssets assets, TaskDefinition task, PromptMode mode, int nPromptTokens, bool leadingSpace, int maxTokens)
    {
        var encoder = new TaskEncoder(assets.Tokenizer, task, mode, nPromptTokens, leadingSpace, assets.Model.Config.MaxSequenceLength);
        return new TaskScoring(encoder, new PromptScorer(assets.Model, encoder.VerbalizerIds, mode, maxTokens));
    }
}
