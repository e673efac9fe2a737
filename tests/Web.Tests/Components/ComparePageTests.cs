using Bunit;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Components;

public sealed class ComparePageTests : DashboardContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_ids_in_the_address_are_overlaid_and_a_running_one_keeps_growing()
    {
        var a = await CreateRunningAsync("first", specJson: """{"task":"sst2","numRounds":5,"iid":true}""");
        var b = await CreateRunningAsync("second", specJson: """{"task":"sst2","numRounds":5,"iid":false}""");
        await RecordAsync(a, 0, 0.6);
        await RecordAsync(a, 1, 0.7);
        await RecordAsync(b, 0, 0.5);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"compare?ids={b},{a},999");

        var page = Render<Compare>();

        page.WaitForAssertion(() =>
        {
            var series = page.FindComponent<AccuracyChart>().Instance.Series;
            Assert.Equal([$"#{b} second", $"#{a} first"], series.Select(s => s.Name));
            Assert.Equal([1, 2], series.Select(s => s.Points.Count));
            Assert.NotEqual(series[0].Color, series[1].Color);
        }, Wait);
        Assert.Contains("No experiment 999", page.Find("#missing-runs").TextContent);
        Assert.Equal("iid", Assert.Single(page.FindAll("#spec-comparison tbody tr")).GetAttribute("data-key"));
        Assert.Equal(2, page.FindAll("#run-comparison tbody tr").Count);

        await RecordAsync(b, 1, 0.8);
        PublishRound(b, 1, 0.8);

        page.WaitForAssertion(() =>
            Assert.Equal([2, 2], page.FindComponent<AccuracyChart>().Instance.Series.Select(s => s.Points.Count)), Wait);
    }

    [Fact]
    public async Task Picking_runs_puts_them_in_the_address_and_shows_them_in_the_picked_order()
    {
        var a = await CreateRunningAsync("first");
        var b = await CreateRunningAsync("second");
        var none = await CreateRunningAsync("no rounds yet");
        await RecordAsync(a, 0, 0.6);
        await RecordAsync(b, 0, 0.5);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"compare?ids={b}");
        var page = Render<Compare>();
        page.WaitForAssertion(() => Assert.Single(page.Instance.Runs), Wait);

        var picker = page.FindComponent<MudBlazor.MudSelect<int>>();
        Assert.DoesNotContain(none, page.FindComponents<MudBlazor.MudSelectItem<int>>().Select(i => i.Instance.Value));
        await page.InvokeAsync(() => picker.Instance.SelectedValuesChanged.InvokeAsync([a, b]));

        Assert.EndsWith($"compare?ids={b},{a}", navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal([b, a], page.Instance.Runs.Select(r => r.Id)), Wait);

        await page.InvokeAsync(() => picker.Instance.SelectedValuesChanged.InvokeAsync([]));
        Assert.EndsWith("compare", navigation.Uri);
        page.WaitForAssertion(() => page.Find("#nothing-selected"), Wait);
    }

    [Fact]
    public void Ids_are_parsed_leniently()
    {
        Assert.Equal([3, 1, 2], Compare.ParseIds(" 3,1,,x,2,3,-4"));
        Assert.Empty(Compare.ParseIds(null));
    }
}
