using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

public sealed class ExperimentSpecTests
{
    [Fact]
    public void DefaultsAreTheReferenceSst2Run()
    {
        var s = new ExperimentSpec();
        Assert.Equal(("sst2", "fedbpt", 10, 200, 1234L, 200), (s.Task, s.Algorithm.Name, s.NumClients, s.NumRounds, s.Seed, s.KShot));
        Assert.Equal((true, 0.5, 8, 5, 500, 50), (s.Iid, s.DirichletAlpha, s.LocalIter, s.LocalPopsize, s.IntrinsicDim, s.NPromptTokens));
        Assert.Equal((1.0, 0.0, true, 0.5, "ce", "add"), (s.Sigma, s.Bound, s.EffectivePerturb, s.PerturbRate, SpecChoices.LossType.NameOf(s.LossType), SpecChoices.CatOrAdd.NameOf(s.CatOrAdd)));
        Assert.Equal(("reference", false), (Scheme(s), s.TrimText));
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
            EvalClients = ["site-9"], DirichletAlpha = 0,
        };
        var fields = bad.Validate().Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "numClients", "numRounds", "kShot", "localPopsize", "perturbRate", "sigma", "dirichletAlpha" }, fields);
        Assert.DoesNotContain("evalClients", fields); // no cascade from the invalid client count
        Assert.Contains(new ExperimentSpec { NumClients = 2, EvalClients = ["site-9"] }.Validate(), e => e.Field == "evalClients");
        Assert.Throws<SpecValidationException>(() => bad.EnsureValid());
    }

    [Theory]
    [InlineData(FedBptAlgorithm.Key, true)]
    [InlineData(FedAvgBbtAlgorithm.Key, false)]
    [InlineData(BbtAlgorithm.Key, false)]
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
        Assert.Equal(Engine.Data.DirichletScheme.Reference, new ExperimentSpec().DirichletScheme);
        var perClass = ExperimentSpec.FromJson("""{ "iid": false, "dirichletScheme": " Per-Class " }""").Normalized();
        Assert.Equal(("per-class", Engine.Data.DirichletScheme.PerClass), (Scheme(perClass), perClass.DirichletScheme));
        Assert.Empty(perClass.Validate());
        var error = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "dirichletScheme": "hsu" }""")).Errors);
        Assert.Equal("dirichletScheme", error.Field);
        Assert.Contains("reference, per-class", error.Message);
    }

    [Theory]
    [InlineData(FedBptAlgorithm.Key)]
    [InlineData(FedAvgBbtAlgorithm.Key)]
    public void OneClientIsRefusedForFederatedAlgorithmsWithAPointerToBbt(string name)
    {
        var algorithm = Algorithms.Get(name);
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
        Assert.Equal(("per-class", true), (Scheme(stored), stored.TrimText));
        var fresh = ExperimentSpec.FromJson(json.ToJsonString()); // new input takes today's defaults
        Assert.Equal(("reference", false), (Scheme(fresh), fresh.TrimText));
        var current = ExperimentSpec.FromStoredJson(new ExperimentSpec { Iid = false }.ToJson());
        Assert.Equal(("reference", false), (Scheme(current), current.TrimText));

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

    [Theory]
    [InlineData("""{ "algorithm": "fedprox" }""", "algorithm", "must be one of fedbpt, fedavg-bbt, bbt, manual")]
    [InlineData("""{ "lossType": "mse" }""", "lossType", "must be ce or hinge.")]
    [InlineData("""{ "catOrAdd": "prepend" }""", "catOrAdd", "must be add or cat.")]
    [InlineData("""{ "dirichletScheme": "hsu" }""", "dirichletScheme", "must be one of reference, per-class.")]
    [InlineData("""{ "LossType": null }""", "lossType", "must be ce or hinge.")]
    [InlineData("""{ "algorithm": null }""", "algorithm", "must be one of")]
    public void AValueAKeyDoesNotTakeIsRefusedWhenParsedNamingTheField(string json, string field, string message)
    {
        var error = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson(json)).Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TheTypedKeysReadAnyCaseAndSpacingAndWriteTheirJsonNames()
    {
        var spec = ExperimentSpec.FromJson("""{ "algorithm": " FedAvg-BBT ", "lossType": "HINGE", "catOrAdd": "Cat", "dirichletScheme": "per-class" }""");
        Assert.Equal((Algorithms.FedAvgBbt, Engine.Scoring.LossType.Hinge, Engine.Tasks.PromptMode.Cat), (spec.Algorithm, spec.LossType, spec.CatOrAdd));
        var json = spec.ToJson();
        foreach (var pair in new[] { "\"algorithm\": \"fedavg-bbt\"", "\"lossType\": \"hinge\"", "\"catOrAdd\": \"cat\"", "\"dirichletScheme\": \"per-class\"" })
            Assert.Contains(pair, json);
        var wrongType = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "lossType": 1 }""")).Errors);
        Assert.Equal(("lossType", "'lossType' has the wrong type: expected text in quotes."), (wrongType.Field, wrongType.Message));
    }

    private static string Scheme(ExperimentSpec spec) => SpecChoices.DirichletScheme.NameOf(spec.DirichletScheme);
}
