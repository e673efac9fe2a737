using System.Text.Json.Nodes;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Tests.Common;
using FedBpt.Web.Components.ExperimentForm;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>The form covers the whole spec, and its presets and import agree with the spec's own rules.</summary>
public sealed class SpecFormModelTests
{
    /// <summary>A spec with every key away from its default, so a key the form drops would show.</summary>
    private static ExperimentSpec EveryKeyChanged()
    {
        var node = JsonNode.Parse(new ExperimentSpec().ToJson())!.AsObject();
        foreach (var key in node.Select(p => p.Key).ToArray())
        {
            var value = node[key];
            node[key] = value switch
            {
                null => false, // perturb: unset means the algorithm's default
                JsonArray => new JsonArray("site-2"),
                JsonValue v when v.TryGetValue<bool>(out var b) => !b,
                JsonValue v when OtherChoice.TryGetValue(key, out var other) => other, // a key that takes named values only
                JsonValue v when v.TryGetValue<string>(out var s) => s + "x",
                JsonValue v when v.TryGetValue<long>(out var l) => l + 3,
                JsonValue v when v.TryGetValue<double>(out var d) => d + 0.25,
                _ => throw new InvalidOperationException($"{key}: {value.ToJsonString()}"),
            };
        }
        return ExperimentSpec.FromJson(node.ToJsonString());
    }

    private static readonly Dictionary<string, string> OtherChoice = new()
    {
        ["algorithm"] = "fedavg-bbt", ["lossType"] = "hinge", ["catOrAdd"] = "cat", ["dirichletScheme"] = "per-class",
    };

    [Fact]
    public void The_form_model_round_trips_every_spec_key()
    {
        var spec = EveryKeyChanged();
        Assert.NotEqual(new ExperimentSpec().ToJson(), spec.ToJson());

        Assert.Equal(spec.ToJson(), ExperimentFormModel.From(spec).ToSpec().ToJson());
    }

    [Fact]
    public void Every_spec_key_has_a_label_help_and_section()
    {
        var keys = SpecImport.Keys;
        Assert.Equal(keys.Order(), SpecFields.All.Select(f => f.Key).Order());
        Assert.All(SpecFields.All, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Help), f.Key);
            Assert.Contains(f.Section, SpecFields.Sections);
        });
    }

    [Theory]
    [InlineData(SpecPresets.Paper, "sst2-paper.json")]
    [InlineData(SpecPresets.Quick, "sst2-quick.json")]
    public void The_sst2_presets_mirror_the_example_specs(string preset, string file)
    {
        var expected = ExperimentSpec.FromJson(File.ReadAllText(Path.Combine(SharedPaths.RepositoryRoot, "docs", "specs", file)));

        var applied = SpecPresets.Find(preset)!.Apply(EveryKeyChanged());

        Assert.Equal(expected.ToJson(), applied.ToJson());
        Assert.Empty(applied.Validate());
    }

    [Theory]
    [InlineData("fedavg-bbt", FedAvgBbtAlgorithm.Key)]
    [InlineData("bbt", BbtAlgorithm.Key)]
    [InlineData("manual", ManualAlgorithm.Key)]
    public void A_baseline_preset_keeps_the_settings_and_stays_valid(string preset, string algorithm)
    {
        var start = SpecPresets.QuickSpec with { NumClients = 4, EvalClients = ["site-3"] };

        var applied = SpecPresets.Find(preset)!.Apply(start);

        Assert.Equal(algorithm, applied.Algorithm.Name);
        Assert.Equal((start.NumClients, start.NumRounds, start.KShot, start.Model), (applied.NumClients, applied.NumRounds, applied.KShot, applied.Model));
        Assert.Empty(applied.Validate());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{ \"numClients\": ", "not valid JSON")]
    [InlineData("[1, 2]", "must be an object")]
    [InlineData("{ \"numClients\": \"ten\" }", "wrong type")]
    [InlineData("{ \"evalclients\": [] }", "did you mean 'evalClients'")]
    [InlineData("{ \"numRounds\": 3, \"numRounds\": 300 }", "'numRounds' is given twice")]
    [InlineData("{ \"spec\": { \"sigma\": 1, \"sigma\": 2 } }", "'sigma' is given twice")]
    public void A_bad_import_is_refused_with_a_reason(string json, string reason)
    {
        var result = SpecImport.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_import_accepts_a_create_request_and_keeps_its_name()
    {
        var result = SpecImport.Parse("""{ "name": "mine", "spec": { "numClients": 3, "algorithm": "FedAvg-BBT" } }""");

        Assert.True(result.Succeeded);
        Assert.Equal("mine", result.Name);
        Assert.Equal((3, Algorithms.FedAvgBbt), (result.Spec!.NumClients, result.Spec.Algorithm));
    }

    [Fact]
    public void The_cost_of_the_paper_run_is_the_readmes_count()
    {
        var sst2 = new FedBpt.Web.Catalog.TaskInfo("sst2", false, null, ["bad", "great"], "accuracy", "train", "dev", false,
            [new FedBpt.Web.Catalog.SplitInfo("train", 67349, [1, 1]), new FedBpt.Web.Catalog.SplitInfo("dev", 872, [1, 1])], null);

        var cost = RunCost.Of(SpecPresets.PaperSpec, sst2);

        // README: 10 clients × (8 × 5 × 2 × 40 + 80) + 872 ≈ 33,700 sequences a round.
        Assert.Equal(10 * (8 * 5 * 2 * 40 + 80) + 872, cost.SequencesPerRound);
        Assert.Equal(400, cost.CandidatesPerRound);
        Assert.Equal(40, cost.ExamplesPerClient);
    }
}
