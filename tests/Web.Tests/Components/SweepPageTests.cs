using Bunit;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Notifications;
using FedBpt.Storage.Sweeps;
using FedBpt.Web.Components.Charts;
using SweepDetail = FedBpt.Web.Components.Pages.SweepDetail;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor.Traces;

namespace FedBpt.Web.Tests.Components;

public sealed class SweepPageTests : DashboardContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private int _lastRun;

    /// <summary>A 2-setting × 2-seed sweep whose runs recorded the given accuracies (two rounds each) and completed.</summary>
    private async Task<int> CreateSweepAsync(bool lastRunStillGoing = false)
    {
        ExperimentInsert Point(double sigma, long seed) => new()
        {
            Name = $"s · sigma={sigma} · seed={seed}",
            SpecJson = $$"""{"task":"sst2","model":"tiny-roberta-mlm","numRounds":2,"sigma":{{sigma}},"seed":{{seed}}}""",
            Task = "sst2", Model = "tiny-roberta-mlm", Algorithm = "fedbpt", NumClients = 2, NumRounds = 2, Iid = false, Seed = seed,
        };
        var (sweepId, ids) = await Services.GetRequiredService<SweepStore>().CreateAsync(new NewSweep
        {
            Name = "s", BaseSpecJson = "{}", AxesJson = """{"sigma":[0.5,1],"seed":[1,2]}""",
            Points = [Point(0.5, 1), Point(0.5, 2), Point(1, 1), Point(1, 2)],
        });
        double[][] accuracy = [[0.5, 0.6], [0.7, 0.8], [0.6, 0.6], [0.6, 0.9]];
        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(ids[i], "w", TimeSpan.FromMinutes(5), "cpu"));
            await RecordAsync(ids[i], 0, accuracy[i][0]);
            if (lastRunStillGoing && i == ids.Count - 1) break;
            await RecordAsync(ids[i], 1, accuracy[i][1]);
            Assert.True(await Store.CompleteAsync(ids[i], "w"));
        }
        _lastRun = ids[^1];
        return sweepId;
    }

    [Fact]
    public async Task The_page_shows_mean_and_std_per_setting_and_a_band_per_setting()
    {
        var id = await CreateSweepAsync();

        var page = Render<SweepDetail>(p => p.Add(x => x.Id, id));

        page.WaitForElement("#sweep-table", Wait);
        var rows = page.FindAll("#sweep-table tbody tr");
        Assert.Equal(["sigma=0.5", "sigma=1"], rows.Select(r => r.GetAttribute("data-setting")));
        // sigma=0.5: final 0.6 and 0.8 → mean 0.7, sample std 0.1414; best is the same rounds.
        Assert.Contains("0.7000 ± 0.1414 (n=2)", rows[0].TextContent);
        // sigma=1: final 0.6 and 0.9 → mean 0.75, std 0.2121.
        Assert.Contains("0.7500 ± 0.2121 (n=2)", rows[1].TextContent);

        var figure = page.FindComponent<LivePlot>().Instance.Figure;
        Assert.Equal(6, figure.Data.Count); // upper bound, lower bound (filled), mean line per setting
        var upper = (Scatter)figure.Data[0];
        // Round 1 of sigma=0.5: 0.5 and 0.7 → 0.6 + 0.1414.
        Assert.Equal(0.6 + Math.Sqrt(0.02), (double)upper.Y[0], 12);

        page.FindComponent<MudBlazor.MudSwitch<bool>>().Find("input").Change(true);
        page.WaitForAssertion(() => Assert.Equal(0.7, (double)((Scatter)page.FindComponent<LivePlot>().Instance.Figure.Data[0]).Y[0], 12));
    }

    [Fact]
    public void An_unknown_sweep_says_so()
    {
        var page = Render<SweepDetail>(p => p.Add(x => x.Id, 424242));
        page.WaitForElement("#sweep-missing", Wait);
    }

    [Fact]
    public async Task A_signal_from_one_of_its_runs_makes_the_page_read_the_sweep_again()
    {
        var id = await CreateSweepAsync(lastRunStillGoing: true);
        var page = Render<SweepDetail>(p => p.Add(x => x.Id, id));
        page.WaitForElement("#sweep-table", Wait);
        Assert.DoesNotContain("0.7500 ± 0.2121 (n=2)", page.FindAll("#sweep-table tbody tr")[1].TextContent);

        // The run finishes (in this process or a worker's) and a signal says so; the page reads the store.
        await RecordAsync(_lastRun, 1, 0.9);
        Assert.True(await Store.CompleteAsync(_lastRun, "w"));
        Services.GetRequiredService<RunNotifier>().Publish(new RunEvent(_lastRun, RunEventKind.Completed, ExperimentStatus.Completed));

        page.WaitForAssertion(() => Assert.Contains("0.7500 ± 0.2121 (n=2)", page.FindAll("#sweep-table tbody tr")[1].TextContent), Wait);
    }
}
