using FedBpt.Web.Experiments;
using Bunit;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using Pages = FedBpt.Web.Components.Pages;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>The runs grid: rows from the store, live updates from the notifier, row actions and compare.</summary>
public sealed class ExperimentsListTests(WebAppFixture app) : PageTest(app.Factory), IClassFixture<WebAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>A stored experiment that no job will pick up (it is not queued), so the test drives its status.</summary>
    private async Task<int> AddAsync(string name, int numRounds = 10)
    {
        var spec = new ExperimentSpec { Model = "tiny-roberta-mlm", NumRounds = numRounds };
        return await Store.CreateAsync(spec.ToExperimentInsert(name));
    }

    private static RoundWrite Round(int round, double accuracy) => new(new RoundRecord
    {
        Round = round,
        GlobalTestAccuracy = accuracy,
        Sigma = 1,
        LmQueries = 100,
        BytesUp = 1,
        BytesDown = 1,
        WallSeconds = 30 * (round + 1),
    }, PromptJson: "{}");

    private IRenderedComponent<ContainerFragment> RenderList()
    {
        Navigation.NavigateTo("");
        var cut = RenderWithProviders<Pages.Experiments>();
        cut.WaitForElement("[data-testid=runs-grid]", Wait);
        return cut;
    }

    private static string StatusCell(IRenderedComponent<ContainerFragment> cut, int id) =>
        cut.Find($"[data-run-status='{id}']").TextContent;

    [Fact]
    public async Task The_grid_lists_the_stored_runs_with_links()
    {
        var a = await AddAsync("grid alpha");
        var b = await AddAsync("grid beta");

        var cut = RenderList();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("grid alpha", cut.Markup);
            Assert.Contains("grid beta", cut.Markup);
        }, Wait);
        Assert.NotEmpty(cut.FindAll($"a[href='experiments/{a}']"));
        Assert.NotEmpty(cut.FindAll($"a[href='experiments/{b}']"));
        Assert.Contains("Pending", StatusCell(cut, a));
        Assert.Contains("0/10", StatusCell(cut, a));
    }

    [Fact]
    public async Task A_run_event_updates_its_row_without_an_outside_render()
    {
        var id = await AddAsync("live run", numRounds: 4);
        var notifier = Get<RunNotifier>();
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("Pending", StatusCell(cut, id)), Wait);

        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "test-worker", TimeSpan.FromMinutes(5)));
        notifier.Publish(new RunEvent(id, RunEventKind.Started, ExperimentStatus.Running));

        cut.WaitForAssertion(() => Assert.Contains("Running", StatusCell(cut, id)), Wait);

        Assert.True(await Store.RecordRoundAsync(id, Round(0, 0.8125)));
        notifier.Publish(new RunEvent(id, RunEventKind.RoundCompleted, ExperimentStatus.Running));

        cut.WaitForAssertion(() =>
        {
            var status = StatusCell(cut, id);
            Assert.Contains("1/4", status);
            Assert.Contains("ETA 1m 30s", status); // 30 s a round, 3 rounds left
            Assert.Contains("81.3 %", cut.Markup);
        }, Wait);

        Assert.True(await Store.CancelAsync(id));
        notifier.Publish(new RunEvent(id, RunEventKind.Cancelled, ExperimentStatus.Cancelled));
        cut.WaitForAssertion(() => Assert.Contains("Cancelled", StatusCell(cut, id)), Wait);
    }

    [Fact]
    public async Task A_run_created_elsewhere_appears_after_its_event()
    {
        var cut = RenderList();

        var id = await AddAsync("appears live");
        Get<RunNotifier>().Publish(new RunEvent(id, RunEventKind.Created, ExperimentStatus.Pending));

        cut.WaitForAssertion(() => Assert.Contains("appears live", cut.Markup), Wait);
    }

    [Fact]
    public async Task Deleting_a_running_run_shows_the_services_refusal()
    {
        var id = await AddAsync("running, not deletable");
        await Store.TryStartAsync(id, "test-worker", TimeSpan.FromMinutes(5));
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("Running", StatusCell(cut, id)), Wait);

        ClickLive(cut, $"[data-actions='{id}'] [data-action=delete]");

        cut.WaitForAssertion(() => Assert.Contains("cancel it first", cut.Markup), Wait);
        Assert.NotNull(await Store.GetAsync(id));
        await Store.CancelAsync(id);
    }

    [Fact]
    public async Task Deleting_asks_first_and_then_removes_the_row()
    {
        var id = await AddAsync("to be deleted");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("to be deleted", cut.Markup), Wait);

        ClickLive(cut, $"[data-actions='{id}'] [data-action=delete]");
        cut.WaitForAssertion(() => Assert.Contains("cannot be undone", cut.Markup), Wait);
        cut.FindAll("button").First(b => b.TextContent.Contains("Delete", StringComparison.Ordinal) && b.ClassList.Contains("mud-button-root")
                                         && b.Closest(".mud-dialog") is not null).Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("to be deleted", cut.Find("[data-testid=runs-grid]").TextContent), Wait);
        Assert.Null(await Store.GetAsync(id));
    }

    [Fact]
    public async Task Cancel_and_duplicate_act_on_their_row()
    {
        var id = await AddAsync("cancel me");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("Pending", StatusCell(cut, id)), Wait);

        ClickLive(cut, $"[data-actions='{id}'] [data-action=cancel]");

        cut.WaitForAssertion(() => Assert.Contains("Cancelled", StatusCell(cut, id)), Wait);
        Assert.Equal(ExperimentStatus.Cancelled, (await Store.GetAsync(id))!.Status);
        Assert.Empty(cut.FindAll($"[data-actions='{id}'] [data-action=cancel]"));

        ClickLive(cut, $"[data-actions='{id}'] [data-action=duplicate]");
        Assert.EndsWith($"/experiments/new?from={id}", Navigation.Uri);
    }

    [Fact]
    public async Task Selecting_two_runs_compares_them()
    {
        var a = await AddAsync("compare one");
        var b = await AddAsync("compare two");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("compare two", cut.Markup), Wait);
        Assert.True(cut.Find("[data-testid=compare]").HasAttribute("disabled"));

        foreach (var id in new[] { a, b })
        {
            var row = cut.Find($"[data-run-status='{id}']").Closest("tr")!;
            row.QuerySelector("input[type=checkbox]")!.Change(true);
        }

        cut.WaitForAssertion(() => Assert.Contains("Compare (2)", cut.Find("[data-testid=compare]").TextContent), Wait);
        ClickLive(cut, "[data-testid=compare]");
        Assert.EndsWith($"/compare?ids={Math.Min(a, b)},{Math.Max(a, b)}", Navigation.Uri);
    }

    [Fact]
    public async Task The_quick_filter_and_status_filter_narrow_the_rows()
    {
        var keep = await AddAsync("needle in the grid");
        await AddAsync("haystack");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("haystack", cut.Markup), Wait);

        cut.Find("#runs-search").Input("needle");

        cut.WaitForAssertion(() =>
        {
            var grid = cut.Find("[data-testid=runs-grid]").TextContent;
            Assert.Contains("needle in the grid", grid);
            Assert.DoesNotContain("haystack", grid);
        }, Wait);

        cut.Find("#runs-search").Input("");
        await Store.CancelAsync(keep);
        Get<RunNotifier>().Publish(new RunEvent(keep, RunEventKind.Cancelled, ExperimentStatus.Cancelled));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=status-filter] [data-status=Cancelled]")), Wait);
        ClickLive(cut, "[data-testid=status-filter] [data-status=Cancelled]");

        cut.WaitForAssertion(() =>
        {
            var grid = cut.Find("[data-testid=runs-grid]").TextContent;
            Assert.Contains("needle in the grid", grid);
            Assert.DoesNotContain("haystack", grid);
        }, Wait);
    }
}
