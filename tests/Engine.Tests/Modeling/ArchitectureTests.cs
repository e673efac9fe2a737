using FedBpt.Engine.Modeling;
using FedBpt.Tests.Common;
using TorchSharp;

namespace FedBpt.Engine.Tests.Modeling;

public sealed class ArchitectureTests
{
    public static TheoryData<string> PublishedArchitectures => new() { "roberta-large", "bert-base-uncased", "bert-large-uncased" };

    [Theory]
    [MemberData(nameof(PublishedArchitectures))]
    public void ModelBuiltWithoutWeightsHasTheApprovedKeysAndShapes(string name)
    {
        var config = name switch
        {
            "roberta-large" => MaskedLmConfig.RobertaLarge,
            "bert-base-uncased" => MaskedLmConfig.BertBaseUncased,
            _ => MaskedLmConfig.BertLargeUncased,
        };
        // The meta device allocates no storage: 335–355M parameters cost nothing here.
        using var model = MaskedLanguageModel.Create(config, new torch.Device(DeviceType.META));
        var actual = model.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToArray();

        var approvedPath = Path.Combine(SharedPaths.RepositoryRoot, "tests", "Engine.Tests", "Modeling", "Approvals", $"{name}.keys.approved.txt");
        var approved = File.ReadAllLines(approvedPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Equal(approved, actual);
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        // Hugging Face's BertForMaskedLM.num_parameters() (no pooler, tied decoder counted once).
        if (name == "bert-base-uncased") Assert.Equal(109_514_298, config.ParameterCount);
        if (name == "bert-large-uncased") Assert.Equal(335_174_458, config.ParameterCount);
    }

    [Fact]
    public void ConfigValidationRejectsInconsistentSizes()
    {
        var bad = MaskedLmConfig.RobertaLarge with { NumAttentionHeads = 7 };
        var e = Assert.Throws<ModelLoadException>(() => new RobertaForMaskedLM(bad, new torch.Device(DeviceType.META)));
        Assert.Contains("not divisible", e.Message);
    }

    [Fact]
    public void TinyConfigIsReadFromTheModelFolder()
    {
        var config = MaskedLmConfig.Load(Path.Combine(SharedPaths.TinyModel, "config.json"));
        Assert.Equal(ModelFamily.Roberta, config.Family);
        Assert.Equal(256, config.HiddenSize);
        Assert.Equal(4, config.NumHiddenLayers);
        Assert.Equal(256, config.MaxSequenceLength);
    }

    [Fact]
    public void MiniLmConfigIsReadAsBert()
    {
        var config = MaskedLmConfig.Load(Path.Combine(SharedPaths.MiniLmModel, "config.json"));
        Assert.Equal(ModelFamily.Bert, config.Family);
        Assert.Equal((384, 6, 12, 1536), (config.HiddenSize, config.NumHiddenLayers, config.NumAttentionHeads, config.IntermediateSize));
        Assert.Equal(1e-12, config.LayerNormEps);
        Assert.Equal(0, config.PadTokenId);
        Assert.Equal(512, config.MaxSequenceLength); // absolute positions 0..511
    }

    [Fact]
    public void ParameterCountIsTheCheckpointsTensorsWithoutThePooler()
    {
        var config = MaskedLmConfig.Load(Path.Combine(SharedPaths.MiniLmModel, "config.json"));
        var tensors = WeightsLoader.Read(Path.Combine(SharedPaths.MiniLmModel, "model.safetensors"));
        try
        {
            long used = tensors.Where(t => !t.Key.StartsWith("bert.pooler.", StringComparison.Ordinal)).Sum(t => t.Value.numel());
            Assert.Equal(used, config.ParameterCount);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void BertConfigWithoutOptionalKeysTakesBertDefaults()
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-cfg-").FullName;
        try
        {
            string path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, """{ "model_type": "bert", "hidden_size": 64, "num_attention_heads": 4 }""");
            var config = MaskedLmConfig.Load(path);
            Assert.Equal(ModelFamily.Bert, config.Family);
            Assert.Equal((30522, 512, 2, 1e-12, 0), (config.VocabSize, config.MaxPositionEmbeddings, config.TypeVocabSize, config.LayerNormEps, config.PadTokenId));
            Assert.Equal(64, config.HiddenSize);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("distilbert")]
    public void UnknownModelTypeNamesTheSupportedOnes(string modelType)
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-cfg-").FullName;
        try
        {
            string path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, $$"""{ "model_type": "{{modelType}}" }""");
            var e = Assert.Throws<ModelLoadException>(() => MaskedLmConfig.Load(path));
            Assert.Contains($"model_type '{modelType}' is not supported", e.Message);
            Assert.Contains("'roberta'", e.Message);
            Assert.Contains("'bert'", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
