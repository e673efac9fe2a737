using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Modeling;

/// <summary>
/// Small randomly initialised checkpoints in the Hugging Face layout prove the loader handles what a
/// user's roberta-base/large folder may contain, without downloading one.
/// </summary>
public sealed class WeightsLoaderTests : IDisposable
{
    private static readonly MaskedLmConfig Small = new()
    {
        VocabSize = 120, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
        MaxPositionEmbeddings = 40, ModelType = "roberta",
    };

    private static readonly MaskedLmConfig SmallBert = MaskedLmConfig.BertDefaults with
    {
        VocabSize = 120, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
        MaxPositionEmbeddings = 40,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("model.safetensors", ScalarType.Float32)]
    [InlineData("model.safetensors", ScalarType.Float16)]
    [InlineData("model.safetensors", ScalarType.BFloat16)]
    [InlineData("pytorch_model.bin", ScalarType.Float32)]
    public void LoadsEveryFormatAndGivesTheSourceModelsOutputs(string file, ScalarType dtype)
    {
        using var source = new RobertaForMaskedLM(Small).Freeze(CPU);
        var state = HuggingFaceStyleState(source, dtype);
        WriteFolder(file, state);

        using var loaded = MaskedLanguageModel.FromPretrained(_dir);

        // Loaded weights equal the source's after the same dtype round trip, and so do the outputs.
        using var expectedSource = new RobertaForMaskedLM(Small);
        WeightsLoader.Apply(expectedSource, state, "memory");
        expectedSource.Freeze(CPU);
        using var _ = inference_mode();
        var ids = tensor(new long[] { 0, 5, 6, 7, 8, 9, 2 }).reshape(1, -1);
        var keep = ones(1, 7, dtype: ScalarType.Bool);
        var pos = tensor(new long[] { 4 });
        var expected = expectedSource.VocabularyLogits(expectedSource.MaskFeatures(ids, keep, pos, null, PromptMode.Add));
        var actual = loaded.VocabularyLogits(loaded.MaskFeatures(ids, keep, pos, null, PromptMode.Add));
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.False(actual.allclose(zeros_like(actual)));
    }

    [Fact]
    public void TiedDecoderPoolerAndPositionIdsAreAccepted()
    {
        using var source = new RobertaForMaskedLM(Small).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["lm_head.decoder.weight"] = state["roberta.embeddings.word_embeddings.weight"].clone();
        state["lm_head.decoder.bias"] = state["lm_head.bias"];
        state["roberta.pooler.dense.weight"] = randn(32, 32);
        state["roberta.pooler.dense.bias"] = randn(32);
        state["roberta.embeddings.position_ids"] = arange(40).reshape(1, -1);
        WriteFolder("pytorch_model.bin", state);

        using var loaded = MaskedLanguageModel.FromPretrained(_dir);
        Assert.True(loaded.Head.Bias.allclose(source.Head.Bias));
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        using var source = new RobertaForMaskedLM(Small).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state.Remove("roberta.encoder.layer.1.output.dense.weight");
        WriteFolder("model.safetensors", state);

        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("missing tensor 'roberta.encoder.layer.1.output.dense.weight' [32, 64]", e.Message);
    }

    [Fact]
    public void UnexpectedTensorIsNamed()
    {
        using var source = new RobertaForMaskedLM(Small).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["roberta.encoder.layer.2.attention.self.query.weight"] = randn(32, 32);
        WriteFolder("model.safetensors", state);

        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("unexpected tensor 'roberta.encoder.layer.2.attention.self.query.weight'", e.Message);
    }

    [Fact]
    public void MisShapedTensorIsNamedWithBothShapes()
    {
        using var source = new RobertaForMaskedLM(Small).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["lm_head.dense.weight"] = randn(32, 16);
        WriteFolder("model.safetensors", state);

        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("'lm_head.dense.weight' has shape [32, 16] but the config needs [32, 32]", e.Message);
    }

    [Fact]
    public void FolderWithoutWeightsSaysWhatIsExpected()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), System.Text.Json.JsonSerializer.Serialize(Small));
        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("pytorch_model.bin", e.Message);
    }

    [Fact]
    public void CorruptSafetensorsIsAClearError()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), System.Text.Json.JsonSerializer.Serialize(Small));
        File.WriteAllBytes(Path.Combine(_dir, "model.safetensors"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("Cannot read checkpoint", e.Message);
    }

    [Fact]
    public void BertCheckpointWithEveryKnownExtraLoadsAndGivesTheSourceModelsOutputs()
    {
        using var source = MaskedLanguageModel.Create(SmallBert).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        // What a real bert-base-uncased checkpoint holds besides BertForMaskedLM's parameters.
        state["bert.pooler.dense.weight"] = randn(32, 32);
        state["bert.pooler.dense.bias"] = randn(32);
        state["cls.seq_relationship.weight"] = randn(2, 32);
        state["cls.seq_relationship.bias"] = randn(2);
        state["cls.predictions.decoder.weight"] = state["bert.embeddings.word_embeddings.weight"].clone();
        state["cls.predictions.decoder.bias"] = state["cls.predictions.bias"].clone();
        state["bert.embeddings.position_ids"] = arange(40).reshape(1, -1);
        WriteFolder("model.safetensors", state, SmallBert);

        using var loaded = MaskedLanguageModel.FromPretrained(_dir);
        Assert.IsType<BertForMaskedLM>(loaded);
        using var _ = inference_mode();
        var ids = tensor(new long[] { 101, 5, 6, 7, 103, 9, 102 }.Select(i => i % 120).ToArray()).reshape(1, -1);
        var keep = ones(1, 7, dtype: ScalarType.Bool);
        var pos = tensor(new long[] { 4 });
        var expected = source.VocabularyLogits(source.MaskFeatures(ids, keep, pos, null, PromptMode.Add));
        var actual = loaded.VocabularyLogits(loaded.MaskFeatures(ids, keep, pos, null, PromptMode.Add));
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void BertDecoderBiasStoredOnlyUnderTheDecoderIsUsed()
    {
        using var source = MaskedLanguageModel.Create(SmallBert).Freeze(CPU);
        using (no_grad()) source.Head.Bias.normal_();
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["cls.predictions.decoder.bias"] = state["cls.predictions.bias"];
        state.Remove("cls.predictions.bias");
        WriteFolder("pytorch_model.bin", state, SmallBert);

        using var loaded = MaskedLanguageModel.FromPretrained(_dir);
        Assert.True(loaded.Head.Bias.allclose(source.Head.Bias));
    }

    [Fact]
    public void BertUnexpectedAndMissingTensorsAreNamed()
    {
        using var source = MaskedLanguageModel.Create(SmallBert).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["lm_head.dense.weight"] = randn(32, 32); // a RoBERTa key in a BERT checkpoint
        state.Remove("cls.predictions.transform.LayerNorm.weight");
        WriteFolder("model.safetensors", state, SmallBert);

        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("unexpected tensor 'lm_head.dense.weight'", e.Message);
        Assert.Contains("missing tensor 'cls.predictions.transform.LayerNorm.weight' [32]", e.Message);
    }

    [Fact]
    public void BertDecoderThatCannotBeTiedIsAnError()
    {
        using var source = MaskedLanguageModel.Create(SmallBert).Freeze(CPU);
        var state = HuggingFaceStyleState(source, ScalarType.Float32);
        state["cls.predictions.decoder.weight"] = randn(121, 32);
        WriteFolder("model.safetensors", state, SmallBert);

        var e = Assert.Throws<ModelLoadException>(() => MaskedLanguageModel.FromPretrained(_dir));
        Assert.Contains("'cls.predictions.decoder.weight' [121, 32] cannot be tied to the word embeddings [120, 32]", e.Message);
    }

    /// <summary>The model's state as a Hugging Face checkpoint would hold it, in <paramref name="dtype"/>.</summary>
    private static Dictionary<string, Tensor> HuggingFaceStyleState(MaskedLanguageModel model, ScalarType dtype) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().to_type(dtype).contiguous());

    private void WriteFolder(string file, Dictionary<string, Tensor> state, MaskedLmConfig? config = null)
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), System.Text.Json.JsonSerializer.Serialize(config ?? Small));
        var path = Path.Combine(_dir, file);
        if (file.EndsWith(".safetensors", StringComparison.Ordinal)) Safetensors.SaveStateDict(path, state);
        else PyTorchPickler.PickleStateDict(path, state);
    }
}
