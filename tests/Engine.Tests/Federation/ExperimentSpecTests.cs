using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Tests.Federation;

public sealed class ExperimentSpecTests
{
    [Fact]
    public void DefaultsAreTheReferenceSst2Run()
    {
        var s = new ExperimentSpec();
        Assert.Equal(("sst2", "fedbpt", 10, 200, 1234L, 200), (s.Task, s.Algorithm, s.NumClients, s.NumRounds, s.Seed, s.KShot));
        Assert.Equal((true, 0.5, 8, 5, 500, 50), (s.Iid, s.DirichletAlpha, s.LocalIter, s.LocalPopsize, s.IntrinsicDim, s.NPromptTokens));
        Assert.Equal((1.0, 0.0, true, 0.5, "ce", "add"), (s.Sigma, s.Bound, s.EffectivePerturb, s.PerturbRate, s.LossType, s.CatOrAdd));
        Assert.Equal(("reference", false), (s.DirichletScheme, s.TrimText));
        Assert.Equal(["site-1"], s.EvalClients);
        Assert.False(s.VerbalizerLeadingSpace);
        Assert.Empty(s.Validate());
    }

    [Fact]
    public void JsonUsesTheExactKeysAndRoundTrips()
    {
        var spec = new ExperimentSpec { NumClients = 3, Iid = false, EvalClients = ["site-2"] };
        var json = spec.ToJson();
        foreach (var key in new[] { "task", "model", "algorithm", "numClients", "numRounds", "seed", "kShot", "iid", "dirichletAlpha",
                     "localIter", "localPopsize", "intrinsicDim", "nPromptTokens", "sigma", "bound", "perturb", "perturbRate",
                     "lossType", "catOrAdd", "evalClients", "verbalizerLeadingSpace" })
        {
            Assert.Contains($"\"{key}\":", json);
        }
        var back = ExperimentSpec.FromJson(json);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void UnknownKeysAndWrongTypesAreErrorsNamingTheField()
    {
        var unknown = Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "numClient": 3 }"""));
        Assert.Contains("numClient", unknown.Message);
        var wrongType = Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "numRounds": "many" }"""));
        Assert.Equal("numRounds", Assert.Single(wrongType.Errors).Field);
    }

    [Fact]
    public void EveryOutOfRangeFieldIsReported()
    {
        var bad = new ExperimentSpec
        {
            NumClients = 0, NumRounds = 0, KShot = 0, LocalPopsize = 1, PerturbRate = 1.5, Sigma = -1,
            LossType = "mse", CatOrAdd = "prepend", Algorithm = "fedprox", EvalClients = ["site-9"], DirichletAlpha = 0,
        };
        var fields = bad.Validate().Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "numClients", "numRounds", "kShot", "localPopsize", "perturbRate", "sigma", "lossType",
            "catOrAdd", "algorithm", "dirichletAlpha" }, fields);
        Assert.DoesNotContain("evalClients", fields); // no cascade from the invalid client count
        Assert.Contains(new ExperimentSpec { NumClients = 2, EvalClients = ["site-9"] }.Validate(), e => e.Field == "evalClients");
        Assert.Throws<SpecValidationException>(() => bad.EnsureValid());
    }

    [Theory]
    [InlineData(Algorithms.FedBpt, true)]
    [InlineData(Algorithms.FedAvgBbt, false)]
    [InlineData(Algorithms.Bbt, false)]
    public void PerturbationDefaultsToOnForFedBptAndOffForTheBaselinesAndNormalizingWritesIt(string algorithm, bool expected)
    {
        var spec = ExperimentSpec.FromJson($$"""{ "algorithm": "{{algorithm}}" }""");
        Assert.Null(spec.Perturb);
        Assert.Equal(expected, spec.EffectivePerturb);

        var normalized = spec.Normalized();
        Assert.Equal(expected, normalized.Perturb);
        Assert.Contains($"\"perturb\": {(expected ? "true" : "false")}", normalized.ToJson());
        Assert.Equal(normalized.ToJson(), ExperimentSpec.FromJson(normalized.ToJson()).ToJson());
        // An explicit choice is kept.
        Assert.Equal(!expected, (spec with { Perturb = !expected }).Normalized().Perturb);
    }

    [Fact]
    public void TheDirichletSchemeIsReferenceOrPerClass()
    {
        Assert.Equal(Engine.Data.DirichletScheme.Reference, new ExperimentSpec().Scheme);
        var perClass = ExperimentSpec.FromJson("""{ "iid": false, "dirichletScheme": " Per-Class " }""").Normalized();
        Assert.Equal(("per-class", Engine.Data.DirichletScheme.PerClass), (perClass.DirichletScheme, perClass.Scheme));
        Assert.Empty(perClass.Validate());
        var error = Assert.Single(new ExperimentSpec { DirichletScheme = "hsu" }.Validate());
        Assert.Equal("dirichletScheme", error.Field);
        Assert.Contains("reference, per-class", error.Message);
    }

    [Theory]
    [InlineData(Algorithms.FedBpt)]
    [InlineData(Algorithms.FedAvgBbt)]
    public void OneClientIsRefusedForFederatedAlgorithmsWithAPointerToBbt(string algorithm)
    {
        var error = Assert.Single(new ExperimentSpec { Algorithm = algorithm, NumClients = 1 }.Validate());
        Assert.Equal("numClients", error.Field);
        Assert.Contains("bbt", error.Message);
        Assert.Empty(new ExperimentSpec { Algorithm = algorithm, NumClients = 2 }.Validate());
        Assert.Empty(new ExperimentSpec { Algorithm = Algorithms.Bbt, NumClients = 1 }.Validate());
    }

    [Fact]
    public void AStoredSpecWithoutTheNewerKeysKeepsTheSplitAndTextItRanWith()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(new ExperimentSpec { Iid = false }.Normalized().ToJson())!.AsObject();
        json.Remove("dirichletScheme");
        json.Remove("trimText");

        var stored = ExperimentSpec.FromStoredJson(json.ToJsonString());
        Assert.Equal(("per-class", true), (stored.DirichletScheme, stored.TrimText));
        var fresh = ExperimentSpec.FromJson(json.ToJsonString()); // new input takes today's defaults
        Assert.Equal(("reference", false), (fresh.DirichletScheme, fresh.TrimText));
        var current = ExperimentSpec.FromStoredJson(new ExperimentSpec { Iid = false }.ToJson());
        Assert.Equal(("reference", false), (current.DirichletScheme, current.TrimText));

        var prompt = PromptDocument.From(new ExperimentSpec { IntrinsicDim = 2 }, "best", new Engine.Federation.PromptSnapshot(0, 0.5, [0.1, 0.2]));
        var promptJson = System.Text.Json.Nodes.JsonNode.Parse(prompt.ToJson())!.AsObject();
        promptJson["spec"]!.AsObject().Remove("trimText");
        Assert.True(PromptDocument.FromJson(promptJson.ToJsonString()).Spec.TrimText);
        Assert.False(PromptDocument.FromJson(prompt.ToJson()).Spec.TrimText);
    }

    [Fact]
    public void CentralizedBaselinesHaveOneClient()
    {
        Assert.Equal(["site-1"], new ExperimentSpec { Algorithm = Algorithms.Bbt }.Sites);
        Assert.Equal(10, new ExperimentSpec().Sites.Count);
        Assert.Empty(new ExperimentSpec { Algorithm = Algorithms.Bbt, EvalClients = ["site-1"] }.Validate());
        Assert.Contains(new ExperimentSpec { Algorithm = Algorithms.Bbt, EvalClients = ["site-2"] }.Validate(), e => e.Field == "evalClients");
    }
}
