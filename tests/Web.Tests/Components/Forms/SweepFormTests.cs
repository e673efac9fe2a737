using Bunit;
using FedBpt.Storage.Sweeps;
using FedBpt.Web.Components.ExperimentForm;
using FedBpt.Web.Tests.Infrastructure;
using Pages = FedBpt.Web.Components.Pages;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>The new-experiment form's Sweep section: run count, refusals by field, launch.</summary>
public sealed class SweepFormTests(WebAppFixture app) : PageTest(app.Factory), IClassFixture<WebAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private IRenderedComponent<ContainerFragment> RenderForm()
    {
        Navigation.NavigateTo("experiments/new");
        var cut = RenderWithProviders<Pages.NewExperiment>();
        cut.WaitForElement("[data-testid=launch]", Wait);
        cut.Find($"[data-preset={SpecPresets.Quick}]").Click();
        return cut;
    }

    [Fact]
    public void Seeds_and_value_lines_multiply_into_the_run_count()
    {
        var cut = RenderForm();
        Assert.Contains("Give seeds", cut.Find("[data-testid=sweep-count]").TextContent);

        cut.Find("#f-sweep-seeds").Input("1,2,3");
        cut.Find("#f-sweep-axes").Input("sigma=0.5,1.0\nlocalPopsize=4,5,6");

        cut.WaitForAssertion(() => Assert.Contains("18 runs", cut.Find("[data-testid=sweep-count]").TextContent));
    }

    [Fact]
    public async Task A_bad_value_is_refused_naming_the_point_and_nothing_is_stored()
    {
        var cut = RenderForm();
        var before = await CountExperimentsAsync();
        cut.Find("#f-sweep-seeds").Input("1");
        cut.Find("#f-sweep-axes").Input("sigma=0.5,-1");

        cut.WaitForAssertion(() => Assert.Contains("2 runs", cut.Find("[data-testid=sweep-count]").TextContent));
        cut.Find("[data-testid=launch-sweep]").Click();

        cut.WaitForAssertion(() => Assert.Contains("sigma=-1 · seed=1", cut.Find("[data-testid=sweep-errors]").TextContent), Wait);
        Assert.Equal(before, await CountExperimentsAsync());
        Assert.EndsWith("/experiments/new", Navigation.Uri);
    }

    [Fact]
    public async Task Launching_stores_one_run_per_seed_and_opens_the_sweep_page()
    {
        var cut = RenderForm();
        cut.Find("#f-sweep-seeds").Input("7,8");
        cut.WaitForAssertion(() => Assert.Contains("2 runs", cut.Find("[data-testid=sweep-count]").TextContent));

        cut.Find("[data-testid=launch-sweep]").Click();

        cut.WaitForAssertion(() => Assert.Matches(@"/sweeps/\d+$", Navigation.Uri), Wait);
        var sweepId = int.Parse(Navigation.Uri[(Navigation.Uri.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var sweep = (await Get<SweepStore>().GetAsync(sweepId))!;
        Assert.Equal([7L, 8L], sweep.Runs.Select(r => r.Seed));
        foreach (var run in sweep.Runs) await Store.CancelAsync(run.Id); // the form is under test, not the runs
    }
}
