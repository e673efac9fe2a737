using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using FedBpt.Engine.Experiments;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Components.ExperimentForm;
using Pages = FedBpt.Web.Components.Pages;
using FedBpt.Web.Experiments;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>The new-experiment page: the spec validator's messages on the inputs, presets, import, launch.</summary>
public sealed class NewExperimentFormTests(WebAppFixture app) : PageTest(app.Factory), IClassFixture<WebAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private IRenderedComponent<ContainerFragment> RenderForm(string url = "experiments/new")
    {
        Navigation.NavigateTo(url);
        var cut = RenderWithProviders<Pages.NewExperiment>();
        cut.WaitForElement("[data-testid=launch]", Wait);
        return cut;
    }

    /// <summary>The text of the form control (input, helper and error text) around an input.</summary>
    private static string FieldText(IRenderedComponent<ContainerFragment> cut, string key) =>
        cut.Find($"#f-{key}").Closest(".mud-input-control")!.TextContent;

    private static string InputValue(IRenderedComponent<ContainerFragment> cut, string key) =>
        cut.Find($"#f-{key}").GetAttribute("value") ?? "";

    private static void ClickPreset(IRenderedComponent<ContainerFragment> cut, string id) =>
        cut.Find($"[data-preset={id}]").Click();

    [Fact]
    public async Task Zero_clients_shows_the_validators_message_and_launch_creates_nothing()
    {
        var cut = RenderForm();
        ClickPreset(cut, SpecPresets.Quick);
        var before = await CountExperimentsAsync();
        var expected = new ExperimentSpec { NumClients = 0 }.Validate().Single(e => e.Field == "numClients").Message;

        cut.Find("#f-numClients").Input("0");

        cut.WaitForAssertion(() =>
        {
            var field = FieldText(cut, "numClients");
            Assert.Contains(expected, field, StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(cut.Find("#f-numClients").Closest(".mud-input-control")!.QuerySelector(".mud-input-error"));
        });
        Assert.Contains("Clients", cut.Find("[data-testid=error-summary]").TextContent);

        cut.Find("[data-testid=launch]").Click();
        await Task.Delay(300);

        Assert.Equal(before, await CountExperimentsAsync());
        Assert.EndsWith("/experiments/new", Navigation.Uri);
        Assert.Contains(expected, FieldText(cut, "numClients"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fixing_the_field_clears_its_message()
    {
        var cut = RenderForm();
        cut.Find("#f-localPopsize").Input("1");
        cut.WaitForAssertion(() => Assert.Contains("between 2 and 1000", FieldText(cut, "localPopsize")));

        cut.Find("#f-localPopsize").Input("6");

        cut.WaitForAssertion(() => Assert.DoesNotContain("between 2 and 1000", FieldText(cut, "localPopsize")));
        Assert.DoesNotContain(cut.FindAll("[data-testid=error-summary]"), e => e.TextContent.Contains("population", StringComparison.OrdinalIgnoreCase));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_quick_preset_launches_an_experiment_and_opens_it()
    {
        var cut = RenderForm();
        var before = await CountExperimentsAsync();

        ClickPreset(cut, SpecPresets.Quick);
        cut.Find("[data-testid=launch]").Click();

        var id = 0;
        cut.WaitForAssertion(() =>
        {
            var match = Regex.Match(Navigation.Uri, @"/experiments/(\d+)$");
            Assert.True(match.Success, $"navigated to {Navigation.Uri}");
            id = int.Parse(match.Groups[1].Value);
        }, Wait);
        try
        {
            var experiment = await Store.GetAsync(id);
            Assert.NotNull(experiment);
            Assert.Equal(before + 1, await CountExperimentsAsync());
            Assert.Equal($"sst2 · fedbpt · {SpecPresets.QuickSpec.NumClients} clients", experiment.Name);
            Assert.Equal(SpecPresets.QuickSpec.Normalized().ToJson(), ExperimentSpec.FromJson(experiment.SpecJson).ToJson());
        }
        finally
        {
            await Get<ExperimentCommands>().CancelAsync(id); // the test is about the form, not the run
        }
    }

    [Fact]
    public void The_paper_preset_fills_ten_clients_two_hundred_rounds_and_200_shots()
    {
        var cut = RenderForm();
        ClickPreset(cut, SpecPresets.Quick);
        cut.WaitForAssertion(() => Assert.Equal(SpecPresets.QuickSpec.NumRounds.ToString(), InputValue(cut, "numRounds")));
        Assert.Equal(SpecPresets.QuickSpec.KShot.ToString(), InputValue(cut, "kShot"));

        ClickPreset(cut, SpecPresets.Paper);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("10", InputValue(cut, "numClients"));
            Assert.Equal("200", InputValue(cut, "numRounds"));
            Assert.Equal("200", InputValue(cut, "kShot"));
            Assert.Equal("8", InputValue(cut, "localIter"));
            Assert.Equal("5", InputValue(cut, "localPopsize"));
            Assert.Equal("500", InputValue(cut, "intrinsicDim"));
        });
        Assert.Contains("roberta-large", cut.Find("[data-testid=summary]").TextContent);
    }

    [Fact]
    public void A_baseline_preset_switches_only_the_algorithm()
    {
        var cut = RenderForm();
        ClickPreset(cut, SpecPresets.Quick);
        cut.Find("#f-numRounds").Input("7");

        ClickPreset(cut, "fedavg-bbt");

        cut.WaitForAssertion(() => Assert.Contains("fedavg-bbt", cut.Find("[data-testid=summary]").TextContent));
        Assert.Equal("7", InputValue(cut, "numRounds"));
        Assert.Contains(SpecPresets.QuickSpec.Model, cut.Find("[data-testid=summary]").TextContent);
    }

    [Fact]
    public void Pasted_json_with_an_unknown_key_is_refused_with_the_key_named()
    {
        var cut = RenderForm();
        var rounds = InputValue(cut, "numRounds");

        cut.Find("[data-testid=paste-toggle]").Click();
        cut.Find("#paste-json").Change("{ \"numRound\": 5, \"numClients\": 3 }");
        cut.Find("[data-testid=paste-apply]").Click();

        cut.WaitForAssertion(() =>
        {
            var errors = cut.Find("[data-testid=import-errors]").TextContent;
            Assert.Contains("'numRound' is not a spec key", errors);
            Assert.Contains("did you mean 'numRounds'", errors);
        });
        Assert.Equal(rounds, InputValue(cut, "numRounds"));
        Assert.Equal("10", InputValue(cut, "numClients")); // nothing of a refused import is applied
    }

    [Fact]
    public void An_imported_file_fills_the_form_and_its_bad_values_show_on_their_fields()
    {
        var cut = RenderForm();
        var json = """{ "name": "from a file", "spec": { "model": "tiny-roberta-mlm", "numClients": 3, "numRounds": 4, "sigma": -1 } }""";

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "spec.json", contentType: "application/json"));

        cut.WaitForAssertion(() => Assert.Equal("3", InputValue(cut, "numClients")));
        Assert.Equal("4", InputValue(cut, "numRounds"));
        Assert.Equal("from a file", InputValue(cut, "name"));
        Assert.Contains("must be a positive number", FieldText(cut, "sigma"), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(cut.FindAll("[data-testid=import-errors]"));
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused()
    {
        var cut = RenderForm();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("numClients = 3", "spec.json"));

        cut.WaitForAssertion(() => Assert.Contains("not valid JSON", cut.Find("[data-testid=import-errors]").TextContent));
    }

    [Fact]
    public async Task Server_errors_show_on_their_field_until_that_field_changes()
    {
        var cut = RenderForm();
        var before = await CountExperimentsAsync();
        // snli has no train split in the shared data: only the create service can tell.
        cut.Find("[data-testid=paste-toggle]").Click();
        cut.Find("#paste-json").Change("""{ "task": "snli", "model": "tiny-roberta-mlm", "numClients": 2, "numRounds": 2, "kShot": 4, "verbalizerLeadingSpace": true }""");
        cut.Find("[data-testid=paste-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal("2", InputValue(cut, "numClients")));

        cut.Find("[data-testid=launch]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Task", cut.Find("[data-testid=error-summary]").TextContent), Wait);
        var taskError = FieldText(cut, "task");
        Assert.Contains("train", taskError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountExperimentsAsync());
        Assert.EndsWith("/experiments/new", Navigation.Uri);

        cut.Find("#f-numClients").Input("3"); // another field: the task's error stays
        cut.WaitForAssertion(() => Assert.Equal("3", InputValue(cut, "numClients")));
        Assert.Contains("train", FieldText(cut, "task"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicating_a_run_prefills_its_spec_and_names_it_a_copy()
    {
        var spec = SpecPresets.QuickSpec with { NumClients = 4, NumRounds = 3, Iid = false, DirichletAlpha = 1.0, EvalClients = ["site-1", "site-3"] };
        var id = await Store.CreateAsync(spec.ToExperimentInsert("alpha one"));

        var cut = RenderForm($"experiments/new?from={id}");

        cut.WaitForAssertion(() => Assert.Equal("copy of alpha one", InputValue(cut, "name")));
        Assert.Equal("4", InputValue(cut, "numClients"));
        Assert.Equal("3", InputValue(cut, "numRounds"));
        Assert.Equal("1", InputValue(cut, "dirichletAlpha")); // shown because the split is non-IID
        Assert.Contains($"based on #{id}", cut.Markup);
        Assert.Contains("site-1, site-3", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=error-summary]"));
    }

    [Fact]
    public void An_unknown_source_run_says_so_and_starts_from_the_defaults()
    {
        var cut = RenderForm("experiments/new?from=987654");

        cut.WaitForAssertion(() => Assert.Contains("987654 does not exist", cut.Find("[data-testid=load-error]").TextContent));
        Assert.Equal("200", InputValue(cut, "numRounds"));
    }

    [Fact]
    public void The_dirichlet_alpha_is_shown_only_for_a_non_iid_split()
    {
        var cut = RenderForm();
        Assert.Empty(cut.FindAll("#f-dirichletAlpha"));

        cut.Find("[data-field=iid] input").Change(false);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#f-dirichletAlpha")));
        Assert.Contains("non-IID", cut.Find("[data-testid=summary]").TextContent);
    }

    [Fact]
    public void A_baseline_preset_turns_perturbation_off_and_fedbpt_turns_it_back_on()
    {
        var cut = RenderForm();
        ClickPreset(cut, SpecPresets.Quick);
        Assert.Contains("\"perturb\": true", cut.Find("details pre").TextContent);

        ClickPreset(cut, "bbt");
        cut.WaitForAssertion(() => Assert.Contains("\"perturb\": false", cut.Find("details pre").TextContent));

        ClickPreset(cut, SpecPresets.Quick);
        cut.WaitForAssertion(() => Assert.Contains("\"perturb\": true", cut.Find("details pre").TextContent));
    }

    [Fact]
    public async Task Duplicating_a_run_stored_before_the_scheme_and_trim_keys_keeps_how_it_ran()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse((SpecPresets.QuickSpec with { Iid = false }).Normalized().ToJson())!.AsObject();
        json.Remove("dirichletScheme");
        json.Remove("trimText");
        var id = await Store.CreateAsync((SpecPresets.QuickSpec with { Iid = false }).ToExperimentInsert("old") with { SpecJson = json.ToJsonString() });

        var cut = RenderForm($"experiments/new?from={id}");

        cut.WaitForAssertion(() => Assert.Contains("\"dirichletScheme\": \"per-class\"", cut.Find("details pre").TextContent));
        Assert.Contains("\"trimText\": true", cut.Find("details pre").TextContent);
        Assert.Single(cut.FindAll("#f-dirichletScheme"));
    }
}
