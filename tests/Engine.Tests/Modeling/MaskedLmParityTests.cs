using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Modeling;

/// <summary>The TorchSharp encoder reproduces PyTorch's logits on tiny-roberta-mlm's real checkpoint.</summary>
public sealed class RobertaParityTests(TinyModelFixture tiny)
    : MaskedLmParityTests(tiny.Model, ParityFixture.Load(), maskId: 50264), IClassFixture<TinyModelFixture>;

/// <summary>The same on minilm-mlm (BERT: absolute positions, token type 0, <c>bert.*</c>/<c>cls.*</c> keys).</summary>
public sealed class BertParityTests(MiniLmModelFixture minilm)
    : MaskedLmParityTests(minilm.Model, ParityFixture.LoadBert(), maskId: 103), IClassFixture<MiniLmModelFixture>;

/// <summary>
/// A parity fixture's cases through a model: verbalizer logits within 1e-3 and the top-5 full-vocabulary ids
/// exact, for no prompt, add and cat, all cases in one padded batch.
/// </summary>
public abstract class MaskedLmParityTests(MaskedLanguageModel model, ParityFixture fixture, int maskId)
{
    private const float Tolerance = 1e-3f;
    private readonly ParityFixture _fixture = fixture;

    [Theory]
    [InlineData("no_prompt")]
    [InlineData("add")]
    [InlineData("cat")]
    public void VerbalizerLogitsAndTop5MatchPyTorch(string caseName)
    {
        var cases = _fixture.Cases;
        Assert.NotEmpty(cases);
        // All cases in one padded batch: this also checks that padding changes nothing.
        var ids = cases.Select(c => caseName == "add" ? c.IdsAdd : c.IdsPlain).ToArray();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (input, mask, maskPos) = Batch(ids);
        var prompt = caseName == "no_prompt" ? null : PromptRows(cases.Length);
        var features = model.MaskFeatures(input, mask, maskPos, prompt, caseName == "cat" ? PromptMode.Cat : PromptMode.Add);

        var verbalizerIds = tensor(_fixture.VerbalizerIds.Select(i => (long)i).ToArray());
        var selected = model.VerbalizerLogits(features, verbalizerIds).to_type(ScalarType.Float32).data<float>().ToArray();
        var full = model.VocabularyLogits(features);
        var top5 = full.topk(5, dim: 1).indexes.data<long>().ToArray();
        var fullAtVerbalizers = full.index_select(1, verbalizerIds).data<float>().ToArray();

        int k = _fixture.VerbalizerIds.Length;
        for (int i = 0; i < cases.Length; i++)
        {
            var expected = Output(cases[i], caseName);
            for (int j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(expected.VerbalizerLogits[j] - selected[i * k + j]) <= Tolerance,
                    $"case {i} verbalizer {j}: expected {expected.VerbalizerLogits[j]}, got {selected[i * k + j]}");
                Assert.True(Math.Abs(fullAtVerbalizers[i * k + j] - selected[i * k + j]) <= 1e-4f,
                    "the verbalizer-only head must equal the full head's columns");
            }
            Assert.Equal(expected.Top5Ids, top5.Skip(i * 5).Take(5).ToArray());
        }
    }

    private static ParityOutput Output(ParityCase c, string name) => name switch
    {
        "no_prompt" => c.NoPrompt,
        "add" => c.Add,
        _ => c.Cat,
    };

    /// <summary>prompt = (A @ z) reshaped row-major to [n, hidden], repeated for every sequence.</summary>
    private Tensor PromptRows(int batch)
    {
        var p = _fixture.Prompt;
        var a = tensor(p.ARowMajor).reshape(-1, p.IntrinsicDim);
        var z = tensor(p.Z);
        return a.matmul(z).reshape(1, p.NPromptTokens, -1).expand(batch, -1, -1).contiguous();
    }

    private (Tensor Ids, Tensor Mask, Tensor MaskPositions) Batch(int[][] sequences)
    {
        int pad = model.Config.PadTokenId;
        int t = sequences.Max(s => s.Length);
        var ids = new long[sequences.Length * t];
        Array.Fill(ids, pad);
        var keep = new bool[ids.Length];
        var positions = new long[sequences.Length];
        for (int i = 0; i < sequences.Length; i++)
        {
            for (int j = 0; j < sequences[i].Length; j++)
            {
                ids[i * t + j] = sequences[i][j];
                keep[i * t + j] = true;
            }
            positions[i] = Array.IndexOf(sequences[i], maskId);
        }
        return (tensor(ids).reshape(sequences.Length, t), tensor(keep).reshape(sequences.Length, t), tensor(positions));
    }
}
