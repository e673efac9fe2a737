using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Tests.Modeling;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Scoring;

public sealed class PromptScorerTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private const int NPrompt = 5;
    private static readonly int[] Verbalizer = [1099, 372]; // Ġbad, Ġgreat

    private static IReadOnlyList<EncodedExample> Shard(Func<ParityCase, int[]> ids) =>
        ParityFixture.Load().Cases.Select(c => new EncodedExample(ids(c), Array.IndexOf(ids(c), 50264), c.Label)).ToArray();

    private PromptProjection Projection() => PromptProjection.Create(tiny.Model, NPrompt, intrinsicDim: 16, seed: 7);

    private static double[][] Candidates(int count, double scale) =>
        Enumerable.Range(0, count).Select(c => Enumerable.Range(0, 16).Select(j => scale * Math.Sin(1 + c * 16 + j)).ToArray()).ToArray();

    [Theory]
    [InlineData(PromptMode.Add)]
    [InlineData(PromptMode.Cat)]
    public void OneBatchedCallEqualsScoringEachCandidateInSmallForwards(PromptMode mode)
    {
        using var projection = Projection();
        var examples = Shard(c => mode == PromptMode.Add ? c.IdsAdd : c.IdsPlain);
        var big = new PromptScorer(tiny.Model, Verbalizer, mode, maxTokensPerForward: 1 << 16);
        var small = new PromptScorer(tiny.Model, Verbalizer, mode, maxTokensPerForward: 64);
        using var bigShard = big.Prepare(examples);
        using var smallShard = small.Prepare(examples);
        var zs = Candidates(5, 30);
        using var prompts = projection.Project(zs);

        var batched = big.Score(prompts, bigShard);
        for (int c = 0; c < zs.Length; c++)
        {
            using var one = projection.Project([zs[c]]);
            var single = small.Score(one, smallShard)[0];
            Assert.Equal(single.Loss, batched[c].Loss, 1e-4);
            Assert.Equal(single.Accuracy, batched[c].Accuracy);
        }
        Assert.True(small.Forwards > big.Forwards * 5, $"the small budget should split work ({small.Forwards} vs {big.Forwards} forwards)");
        Assert.Equal(5L * examples.Count, big.SequencesScored);
        // The candidates differ, so the scores must too (the prompt really reaches the model).
        Assert.True(batched.Select(s => s.Loss).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void LossesAndMetricsEqualADirectComputationFromTheLogits(int positive)
    {
        using var projection = Projection();
        var examples = Shard(c => c.IdsAdd);
        var scorer = new PromptScorer(tiny.Model, Verbalizer, PromptMode.Add);
        using var shard = scorer.Prepare(examples);
        using var prompt = projection.Project(Candidates(1, 50));

        var logits = scorer.Logits(prompt, shard);
        double ce = 0, hinge = 0;
        int hits = 0, tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            var l = logits[i];
            int y = examples[i].Label;
            double max = l.Max();
            double logSum = max + Math.Log(l.Sum(v => Math.Exp(v - max)));
            ce += logSum - l[y];
            hinge += Enumerable.Range(0, l.Length).Where(j => j != y).Sum(j => Math.Max(0, l[j] - l[y] + 2));
            int predicted = l[1] > l[0] ? 1 : 0;
            hits += predicted == y ? 1 : 0;
            tp += predicted == positive && y == positive ? 1 : 0;
            fp += predicted == positive && y != positive ? 1 : 0;
            fn += predicted != positive && y == positive ? 1 : 0;
        }
        int n = examples.Count;
        var ceScore = scorer.Score(prompt, shard, LossType.CrossEntropy, new ScoreMetric(TaskMetric.F1, positive))[0];
        var hingeScore = scorer.Score(prompt, shard, LossType.Hinge)[0];

        Assert.Equal(ce / n, ceScore.Loss, 1e-4);
        Assert.Equal(hinge / n, hingeScore.Loss, 1e-3);
        Assert.Equal((double)hits / n, ceScore.Accuracy, 1e-12);
        Assert.Equal(tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn), ceScore.Metric, 1e-12);
        Assert.Equal(hingeScore.Accuracy, hingeScore.Metric);
    }

    [Fact]
    public void NoPromptScoresThePlainTemplate()
    {
        var examples = Shard(c => c.IdsPlain);
        var scorer = new PromptScorer(tiny.Model, ParityFixture.Load().VerbalizerIds[2..], PromptMode.Add);
        using var shard = scorer.Prepare(examples);
        var logits = scorer.Logits(null, shard);
        var cases = ParityFixture.Load().Cases;
        for (int i = 0; i < cases.Length; i++)
        {
            Assert.Equal(cases[i].NoPrompt.VerbalizerLogits[2], logits[i][0], 1e-3);
            Assert.Equal(cases[i].NoPrompt.VerbalizerLogits[3], logits[i][1], 1e-3);
        }
    }

    [Fact]
    public void ProjectionIsDeterministicAndScaledToTheEmbeddings()
    {
        using var a = PromptProjection.Create(tiny.Model, NPrompt, 50, seed: 1234);
        using var b = PromptProjection.Create(tiny.Model, NPrompt, 50, seed: 1234);
        using var c = PromptProjection.Create(tiny.Model, NPrompt, 50, seed: 1235);
        Assert.True(a.Matrix.allclose(b.Matrix, rtol: 0, atol: 0));
        Assert.False(a.Matrix.allclose(c.Matrix, rtol: 0, atol: 0));
        Assert.Equal(new long[] { NPrompt * 256, 50 }, a.Matrix.shape);

        double expected = tiny.Model.WordEmbeddings.std(unbiased: false).item<float>() / Math.Sqrt(50);
        double actual = a.Matrix.std().item<float>();
        Assert.InRange(actual / expected, 0.97, 1.03);
        Assert.InRange(Math.Abs(a.Matrix.mean().item<float>()), 0, expected * 0.05);
    }

    [Fact]
    public void LabelsOutsideTheVerbalizerAreRejected()
    {
        var scorer = new PromptScorer(tiny.Model, Verbalizer, PromptMode.Add);
        var bad = new[] { new EncodedExample([0, 5, 50264, 2], 2, Label: 2) };
        Assert.Throws<ArgumentException>(() => scorer.Prepare(bad));
    }
}
