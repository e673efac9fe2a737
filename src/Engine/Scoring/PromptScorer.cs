using FedBpt.Engine.Runtime;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FedBpt.Engine.Scoring;

/// <summary>
/// The black box: scores candidate prompts on a shard through the frozen model. All candidates ×
/// examples of a call run in as few forwards as the token budget allows, each bucket of similar
/// lengths batched with every candidate; only per-candidate scalars leave the dispose scope.
/// </summary>
public sealed class PromptScorer
{
    private readonly long[] _verbalizerIds;
    private long _sequences;
    private long _forwards;

    public PromptScorer(MaskedLanguageModel model, IReadOnlyList<int> verbalizerIds, PromptMode mode, int maxTokensPerForward = 16384)
    {
        if (verbalizerIds.Count < 2) throw new ArgumentException("A verbalizer needs at least two tokens.", nameof(verbalizerIds));
        if (maxTokensPerForward < 1) throw new ArgumentOutOfRangeException(nameof(maxTokensPerForward));
        Model = model;
        Mode = mode;
        MaxTokensPerForward = maxTokensPerForward;
        _verbalizerIds = verbalizerIds.Select(i => (long)i).ToArray();
    }

    public MaskedLanguageModel Model { get; }
    public PromptMode Mode { get; }
    public int MaxTokensPerForward { get; }
    public int NumClasses => _verbalizerIds.Length;

    /// <summary>Sequences sent through the model so far (the reference's "LM queries").</summary>
    public long SequencesScored => Interlocked.Read(ref _sequences);

    /// <summary>Model forwards so far.</summary>
    public long Forwards => Interlocked.Read(ref _forwards);

    /// <summary>Lays out a shard on the model's device for repeated scoring.</summary>
    public ShardTensors Prepare(IReadOnlyList<EncodedExample> examples) =>
        ShardTensors.Create(examples, NumClasses, Model.Config.PadTokenId, Model.Device, MaxTokensPerForward);

    /// <summary>
    /// Scores each candidate (rows of <paramref name="prompts"/>: [C, n, H]; null = no prompt). The metric is accuracy,
    /// or the binary F1 of <paramref name="metric"/>'s positive class (a task's <see cref="TaskDefinition.ScoreMetric"/>).
    /// </summary>
    public CandidateScore[] Score(Tensor? prompts, ShardTensors shard, LossType loss = LossType.CrossEntropy, ScoreMetric metric = default)
    {
        bool f1 = metric.Kind == TaskMetric.F1;
        if (f1 && (metric.PositiveClass < 0 || metric.PositiveClass >= NumClasses))
            throw new ArgumentOutOfRangeException(nameof(metric), metric.PositiveClass, $"The positive class must be one of 0..{NumClasses - 1}.");
        int c = prompts is null ? 1 : (int)prompts.shape[0];
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var device = Model.Device;
        var lossSum = zeros(c, dtype: ScalarType.Float64, device: device);
        var correct = zeros(c, dtype: ScalarType.Int64, device: device);
        var truePos = zeros(c, dtype: ScalarType.Int64, device: device);
        var falsePos = zeros(c, dtype: ScalarType.Int64, device: device);
        var falseNeg = zeros(c, dtype: ScalarType.Int64, device: device);

        ForEachGroup(prompts, c, shard, (first, count, bucket, logits) =>
        {
            // logits: [count, e, K]; labels: [count, e]
            var labels = bucket.Labels.unsqueeze(0).expand(count, -1);
            lossSum.narrow(0, first, count).AddInPlace(LossSums(logits, labels, loss));
            var predicted = logits.argmax(-1);
            var hit = predicted.eq(labels);
            correct.narrow(0, first, count).AddInPlace(hit.sum(1));
            if (f1)
            {
                var predPos = predicted.EqualTo(metric.PositiveClass);
                var isPos = labels.EqualTo(metric.PositiveClass);
                truePos.narrow(0, first, count).AddInPlace(predPos.logical_and(isPos).sum(1));
                falsePos.narrow(0, first, count).AddInPlace(predPos.logical_and(isPos.logical_not()).sum(1));
                falseNeg.narrow(0, first, count).AddInPlace(predPos.logical_not().logical_and(isPos).sum(1));
            }
        });

        var losses = lossSum.cpu().data<double>().ToArray();
        var hits = correct.cpu().data<long>().ToArray();
        var tp = truePos.cpu().data<long>().ToArray();
        var fp = falsePos.cpu().data<long>().ToArray();
        var fn = falseNeg.cpu().data<long>().ToArray();
        var scores = new CandidateScore[c];
        for (int i = 0; i < c; i++)
        {
            double accuracy = (double)hits[i] / shard.Count;
            double f1Score = tp[i] == 0 ? 0 : 2.0 * tp[i] / (2.0 * tp[i] + fp[i] + fn[i]);
            scores[i] = new CandidateScore(losses[i] / shard.Count, accuracy, f1 ? f1Score : accuracy);
        }
        return scores;
    }

    /// <summary>Verbalizer logits of one prompt (or none) for every example, in the shard's original order: [N, K].</summary>
    public float[][] Logits(Tensor? prompt, ShardTensors shard)
    {
        if (prompt is not null && prompt.shape[0] != 1) throw new ArgumentException("Logits takes one prompt: [1, n, H].", nameof(prompt));
        int k = NumClasses;
        var sorted = new List<float>(shard.Count * k);
        using (inference_mode())
        using (NewDisposeScope())
        {
            ForEachGroup(prompt, 1, shard, (_, _, _, logits) => sorted.AddRange(logits.to_type(ScalarType.Float32).cpu().data<float>().ToArray()));
        }
        var result = new float[shard.Count][];
        for (int i = 0; i < shard.Count; i++) result[shard.SortedToOriginal[i]] = sorted.GetRange(i * k, k).ToArray();
        return result;
    }

    /// <summary>
    /// Runs every (candidate group × bucket) forward, calling <paramref name="consume"/> with the
    /// verbalizer logits [count, e, K] of candidates first..first+count-1 on that bucket.
    /// </summary>
    private void ForEachGroup(Tensor? prompts, int c, ShardTensors shard, Action<int, int, ShardTensors.Bucket, Tensor> consume)
    {
        var device = Model.Device;
        var verbalizer = tensor(_verbalizerIds, device: device);
        foreach (var bucket in shard.Buckets)
        {
            int e = bucket.Count;
            long tokensPerCandidate = (long)e * (bucket.Length + (Mode == PromptMode.Cat && prompts is not null ? prompts.shape[1] : 0));
            int perForward = (int)Math.Clamp(MaxTokensPerForward / Math.Max(1, tokensPerCandidate), 1, c);
            for (int first = 0; first < c; first += perForward)
            {
                int count = Math.Min(perForward, c - first);
                using var step = NewDisposeScope();
                var ids = bucket.Ids.repeat(count, 1);
                var keep = bucket.Keep.repeat(count, 1);
                var maskPos = bucket.MaskPositions.repeat(count);
                var rows = prompts?.narrow(0, first, count).repeat_interleave(e, dim: 0);
                var features = Model.MaskFeatures(ids, keep, maskPos, rows, Mode);
                var logits = Model.VerbalizerLogits(features, verbalizer).view(count, e, -1);
                consume(first, count, bucket, logits);
                Interlocked.Add(ref _sequences, (long)count * e);
                Interlocked.Increment(ref _forwards);
            }
        }
    }

    /// <summary>Per-candidate sum over examples of the loss: [count, e, K] logits → [count].</summary>
    private static Tensor LossSums(Tensor logits, Tensor labels, LossType loss)
    {
        // Losses in float64 whatever the model's precision: fitness ratios compare small differences.
        logits = logits.to_type(ScalarType.Float64);
        if (loss == LossType.CrossEntropy)
        {
            var logp = F.log_softmax(logits, -1);
            return logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1).neg().sum(1);
        }
        // Hinge with margin 2 over the wrong classes; the j = y term contributes max(0, 2) = 2, removed.
        var target = logits.gather(-1, labels.unsqueeze(-1));                 // [count, e, 1]
        return logits.sub(target).Plus(2).ClampMin(0).sum(-1).Minus(2).sum(1);  // [count]
    }
}
