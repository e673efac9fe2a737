using FedBpt.Engine.Modeling;
using FedBpt.Tests.Common;
using TorchSharp;

namespace FedBpt.Engine.Tests.Modeling;

public sealed class RobertaArchitectureTests
{
    [Fact]
    public void RobertaLargeBuiltWithoutWeightsHasTheApprovedKeysAndShapes()
    {
        // The meta device allocates no storage: 355M parameters cost nothing here.
        using var model = new RobertaForMaskedLM(RobertaConfig.RobertaLarge, new torch.Device(DeviceType.META));
        var actual = model.state_dict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]").ToArray();

        var approvedPath = Path.Combine(SharedPaths.RepositoryRoot, "tests", "Engine.Tests", "Modeling", "Approvals", "roberta-large.keys.approved.txt");
        var approved = File.ReadAllLines(approvedPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Equal(approved, actual);
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
    }

    [Fact]
    public void ConfigValidationRejectsInconsistentSizes()
    {
        var bad = RobertaConfig.RobertaLarge with { NumAttentionHeads = 7 };
        var e = Assert.Throws<ModelLoadException>(() => new RobertaForMaskedLM(bad, new torch.Device(DeviceType.META)));
        Assert.Contains("not divisible", e.Message);
    }

    [Fact]
    public void TinyConfigIsReadFromTheModelFolder()
    {
        var config = RobertaConfig.Load(Path.Combine(SharedPaths.TinyModel, "config.json"));
        Assert.Equal(256, config.HiddenSize);
        Assert.Equal(4, config.NumHiddenLayers);
        Assert.Equal(256, config.MaxSequenceLength);
    }
}
