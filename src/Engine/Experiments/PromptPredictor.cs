using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>Class probabilities of one text under the trained prompt and under the plain template (zero-shot).</summary>
public sealed record PromptPrediction(IReadOnlyList<double> Probabilities, IReadOnlyList<double> ZeroShotProbabilities)
{
    public int PredictedClass => ArgMax(Probabilities);
    public int ZeroShotClass => ArgMax(ZeroShotProbabilities);

    private static int ArgMax(IReadOnlyList<double> p)
    {
        int best = 0;
        for (int i = 1; i < p.Count; i++)
        {
            if (p[i] > p[best]) best = i;
        }
        return best;
    }
}

/// <summary>
/// Classifies texts with an exported prompt, rebuilt from its spec exactly as a run scores it (same encoder,
/// projection A and injection mode), and with the manual prompt for comparison. Probabilities are the softmax
/// over the task's verbalizer logits at the mask.
/// </summary>
public static class PromptPredictor
{
    /// <exception cref="InvalidDataException">A text is too long for the model (the message names it).</exception>
    public static IReadOnlyList<PromptPrediction> Predict(
        ModelAssets assets, TaskDefinition task, PromptDocument prompt, IReadOnlyList<LabeledText> texts, int maxTokensPerForward = 16384)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        var spec = prompt.Spec.Normalized();
        var prompted = TaskScoring.Prompted(spec, assets, task, maxTokensPerForward);
        var manual = TaskScoring.Manual(spec.VerbalizerLeadingSpace, spec.TrimText, assets, task, maxTokensPerForward);
        var (scorer, plainScorer) = (prompted.Scorer, manual.Scorer);

        using var shard = scorer.Prepare(prompted.EncodeAll(texts).Examples);
        using var plainShard = plainScorer.Prepare(manual.EncodeAll(texts).Examples);
        using var projection = PromptProjection.Create(assets.Model, spec.NPromptTokens, spec.IntrinsicDim, spec.Seed);
        using var rows = projection.Project([prompt.Z]);
        var tuned = scorer.Logits(rows, shard);
        var zeroShot = plainScorer.Logits(null, plainShard);
        return texts.Select((_, i) => new PromptPrediction(Softmax(tuned[i]), Softmax(zeroShot[i]))).ToArray();
    }

    private static double[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }
}
