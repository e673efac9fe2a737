using FedBpt.Engine.Modeling;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Modeling;

public sealed class ReducedPrecisionTests
{
    [Fact]
    public void Bfloat16StaysCloseToThePyTorchFloat32Logits()
    {
        var fixture = ParityFixture.Load();
        using var model = MaskedLanguageModel.FromPretrained(SharedPaths.TinyModel, CPU, ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, model.Dtype);
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var verbalizer = tensor(fixture.VerbalizerIds.Select(i => (long)i).ToArray());
        int agree = 0;
        double worst = 0;
        foreach (var c in fixture.Cases)
        {
            var ids = tensor(c.IdsPlain.Select(i => (long)i).ToArray()).reshape(1, -1);
            var keep = ones(1, c.IdsPlain.Length, dtype: ScalarType.Bool);
            var pos = tensor(new long[] { Array.IndexOf(c.IdsPlain, 50264) });
            var logits = model.VerbalizerLogits(model.MaskFeatures(ids, keep, pos, null, PromptMode.Add), verbalizer)
                .to_type(ScalarType.Float32).data<float>().ToArray();
            worst = Math.Max(worst, logits.Zip(c.NoPrompt.VerbalizerLogits, (a, b) => Math.Abs(a - b)).Max());
            // The SST-2 decision with the leading-space verbalizer: Ġgreat (index 3) vs Ġbad (index 2).
            agree += (logits[3] > logits[2]) == (c.NoPrompt.VerbalizerLogits[3] > c.NoPrompt.VerbalizerLogits[2]) ? 1 : 0;
        }
        Assert.True(worst < 0.25, $"bfloat16 logits within 0.25 of float32 (worst {worst:F3})");
        Assert.True(agree >= fixture.Cases.Length - 1, $"{agree}/{fixture.Cases.Length} decisions agree");
    }

    [Fact]
    public void TheScorerRunsABfloat16ModelWithFloat32Prompts()
    {
        using var model = MaskedLanguageModel.FromPretrained(SharedPaths.TinyModel, CPU, ScalarType.BFloat16);
        var fixture = ParityFixture.Load();
        var examples = fixture.Cases.Select(c => new EncodedExample(c.IdsAdd, Array.IndexOf(c.IdsAdd, 50264), c.Label)).ToArray();
        using var projection = PromptProjection.Create(model, fixture.Prompt.NPromptTokens, 8, seed: 3);
        Assert.Equal(ScalarType.Float32, projection.Matrix.dtype);
        var scorer = new PromptScorer(model, [1099, 372], PromptMode.Add);
        using var shard = scorer.Prepare(examples);
        using var prompts = projection.Project([new double[8], Enumerable.Repeat(20.0, 8).ToArray()]);

        var scores = scorer.Score(prompts, shard, LossType.Hinge);
        Assert.All(scores, s => Assert.True(double.IsFinite(s.Loss) && s.Loss >= 0));
        Assert.NotEqual(scores[0].Loss, scores[1].Loss);
        Assert.All(scorer.Logits(null, shard), l => Assert.Equal(2, l.Length));
    }

    [Fact]
    public void UnknownPrecisionIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Runtime.Precision.Parse("int4"));
        Assert.Contains("float32, bfloat16", e.Message);
    }
}
