using Bunit;
using FedBpt.Storage.Entities;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Components.Pages;
using FedBpt.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Components;

public sealed class RunDetailLiveTests : DashboardContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IRenderedComponent<RunDetail> RenderRun(int id) => Render<RunDetail>(p => p.Add(x => x.Id, id));

    private static int[] ChartRounds(IRenderedComponent<RunDetail> page) =>
        page.FindComponent<AccuracyChart>().Instance.Series.Single().Points.Select(p => p.Round).ToArray();

    [Fact]
    public async Task A_round_completed_event_adds_the_point_to_the_chart_without_polling()
    {
        var id = await CreateRunningAsync();
        await RecordAsync(id, 0, 0.60);
        var page = RenderRun(id);
        page.WaitForAssertion(() => Assert.Equal([0], ChartRounds(page)), Wait);

        await RecordAsync(id, 1, 0.70);
        page.Render(); // a re-render (as after a reconnect) reads nothing: the page waits for the push
        Assert.Equal([0], ChartRounds(page));

        PublishRound(id, 1, 0.70);

        page.WaitForAssertion(() =>
        {
            Assert.Equal([0, 1], ChartRounds(page));
            Assert.Equal("2", page.Find("[data-points]").GetAttribute("data-points"));
            Assert.Contains("Round 2 / 5", page.Find("#run-progress").TextContent);
            Assert.Equal("70.00 %", page.Find("#best-accuracy").TextContent.Trim());
        }, Wait);
        // The round read from the store brings its bytes and clients: the resource panel and the clients table follow it.
        page.WaitForAssertion(() =>
        {
            Assert.Equal("1.95 KiB", page.Find("#bytes-up-total").TextContent.Trim());
            Assert.Contains("Round 2.", page.Find("#client-table").Parent!.TextContent);
        }, Wait);
    }

    [Fact]
    public async Task A_run_waiting_for_the_database_says_why_and_clears_when_it_resumes()
    {
        var id = await CreateRunningAsync();
        var page = RenderRun(id);
        page.WaitForAssertion(() => Assert.Contains("Round 0 / 5", page.Find("#run-progress").TextContent), Wait);
        Assert.Empty(page.FindAll("#run-suspended"));

        var suspended = Services.GetRequiredService<FedBpt.Web.Jobs.SuspendedRuns>();
        var now = DateTime.UtcNow;
        suspended.Suspend(id, "test-worker", "Storing round 1 failed for 120 s: SQLite Error 5: 'database is locked'.", now, now.AddSeconds(30));
        Notifier.Publish(new RunEvent(id, RunEventKind.Suspended, ExperimentStatus.Running));

        page.WaitForAssertion(() => Assert.Contains("database is locked", page.Find("#run-suspended").TextContent), Wait);
        Assert.Contains("Waiting for the database", page.Find("#run-suspended").TextContent);

        suspended.Resume(id);
        await RecordAsync(id, 0, 0.6);
        PublishRound(id, 0, 0.6);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#run-suspended")), Wait);
    }

    [Fact]
    public async Task An_event_after_a_gap_fetches_the_missed_rounds_from_the_store()
    {
        var id = await CreateRunningAsync();
        await RecordAsync(id, 0, 0.55);
        var page = RenderRun(id);
        page.WaitForAssertion(() => Assert.Equal([0], ChartRounds(page)), Wait);

        // Rounds 2 and 3 (0-based 1 and 2) are stored but only the event of the last one reaches the page.
        await RecordAsync(id, 1, 0.65);
        await RecordAsync(id, 2, 0.75);
        PublishRound(id, 2, 0.75);

        page.WaitForAssertion(() => Assert.Equal([0, 1, 2], ChartRounds(page)), Wait);
        var accuracies = page.FindComponent<AccuracyChart>().Instance.Series.Single().Points.Select(p => p.GlobalTestAccuracy);
        Assert.Equal([0.55, 0.65, 0.75], accuracies);
    }

    [Fact]
    public async Task Repeated_events_events_racing_the_first_read_and_re_renders_never_duplicate_a_round()
    {
        var id = await CreateRunningAsync();
        await RecordAsync(id, 0, 0.5);
        await RecordAsync(id, 1, 0.6);
        var page = RenderRun(id);
        page.WaitForAssertion(() => Assert.Equal([0, 1], ChartRounds(page)), Wait);

        PublishRound(id, 1, 0.6); // its event arrives after the page already read it
        PublishRound(id, 1, 0.6); // and again (Hangfire delivers at least once)
        PublishRound(id, 0, 0.5);
        page.Render();
        page.Render(p => p.Add(x => x.Id, id));
        await RecordAsync(id, 2, 0.7);
        PublishRound(id, 2, 0.7);
        PublishRound(id, 2, 0.7);

        page.WaitForAssertion(() => Assert.Equal([0, 1, 2], ChartRounds(page)), Wait);
        Assert.Equal([0, 1, 2], ChartRounds(page));
    }

    [Fact]
    public async Task Cancelling_from_the_page_stops_the_run_and_says_its_rounds_are_kept()
    {
        var id = await CreateRunningAsync();
        await Store.SetHangfireJobIdAsync(id, "job-42");
        await RecordAsync(id, 0, 0.6);
        var page = RenderRun(id);
        page.WaitForAssertion(() => page.Find("#cancel-run"), Wait);

        page.Find("#cancel-run").Click();
        page.Find("#confirm-cancel").Click();

        page.WaitForAssertion(() => Assert.Contains("rounds, metrics and prompts are kept", page.Find("#run-cancelled").TextContent), Wait);
        Assert.Equal(ExperimentStatus.Cancelled, (await Store.GetAsync(id))!.Status);
        Assert.Equal(["job-42"], Jobs.Deleted);
        Assert.Empty(page.FindAll("#cancel-run"));
        Assert.Equal([0], ChartRounds(page));
    }

    [Fact]
    public async Task A_failed_run_shows_its_error_and_an_unknown_id_says_so()
    {
        var id = await CreateRunningAsync();
        await Store.FailAsync(id, "CUDA out of memory while scoring round 1");
        Notifier.Publish(new RunEvent(id, RunEventKind.Failed, ExperimentStatus.Failed));

        var page = RenderRun(id);
        page.WaitForAssertion(() => Assert.Contains("CUDA out of memory while scoring round 1", page.Find("#run-error").TextContent), Wait);

        var missing = RenderRun(id + 100);
        missing.WaitForAssertion(() => Assert.Contains($"There is no experiment {id + 100}", missing.Find("#not-found").TextContent), Wait);
    }

    [Fact]
    public async Task The_page_shows_the_label_distribution_spec_log_and_model_size()
    {
        var id = await CreateRunningAsync();
        await Store.SetLabelDistributionAsync(id, """{"labels":["terrible","great"],"clients":[[12,3],[0,15]]}""");
        await Store.AppendLogAsync(id, Microsoft.Extensions.Logging.LogLevel.Information, "Started: fedbpt on cpu, 5 rounds.");
        await RecordAsync(id, 0, 0.6);

        var page = RenderRun(id);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("2", page.Find("[data-clients]").GetAttribute("data-clients"));
            Assert.Contains("100.00 %", page.Find("[data-clients]").Parent!.TextContent); // site-2 holds one class only
            // Per client: size and majority share (12 of 15, 15 of 15); the split's mean share and size spread.
            var rows = page.FindAll("#label-table tbody tr").Select(r => r.TextContent).ToArray();
            Assert.Equal(2, rows.Length);
            Assert.Contains("80.00 %", rows[0]);
            Assert.Contains("100.00 %", rows[1]);
            Assert.Contains("mean majority share 90.00 %", page.Find("#label-summary").TextContent);
            Assert.Contains("coefficient of variation 0.00", page.Find("#label-summary").TextContent);
            Assert.Contains("numRounds", page.Find("#spec-table").TextContent);
            Assert.Contains("Started: fedbpt on cpu", page.Find("#log-tail").TextContent);
            Assert.Contains("parameters", page.Find("#model-size").TextContent);
        }, Wait);
    }

    [Fact]
    public async Task A_disposed_page_stops_listening()
    {
        var id = await CreateRunningAsync();
        var page = RenderRun(id);
        page.WaitForAssertion(() => page.Find("#run-name"), Wait);
        var rounds = page.Instance.Rounds;

        await DisposeComponentsAsync();
        await RecordAsync(id, 0, 0.6);
        PublishRound(id, 0, 0.6);
        await Task.Delay(200);

        Assert.Equal(0, rounds.Count);
    }
}
