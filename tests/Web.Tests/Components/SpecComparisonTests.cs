using Bunit;
using FedBpt.Engine.Experiments;
using FedBpt.Web.Components.Runs;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Components;

public sealed class SpecComparisonTests : BunitContext, IAsyncLifetime
{
    private static readonly string SpecA = new ExperimentSpec { Task = "sst2", NumRounds = 20, Iid = true }.ToJson();
    private static readonly string SpecB = new ExperimentSpec { Task = "sst2", NumRounds = 20, Iid = false }.ToJson();

    public SpecComparisonTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask(); // MudBlazor's services are only async-disposable

    [Fact]
    public void Differences_only_keeps_just_the_key_whose_values_differ()
    {
        var all = SpecComparison.Build([SpecA, SpecB]);
        var different = SpecComparison.Build([SpecA, SpecB], differencesOnly: true);

        Assert.True(all.Count > 10);
        var row = Assert.Single(different);
        Assert.Equal("iid", row.Key);
        Assert.Equal(["true", "false"], row.Values);
        Assert.False(row.DiffersAt(0));
        Assert.True(row.DiffersAt(1));
    }

    [Fact]
    public void A_key_missing_from_one_run_counts_as_a_difference()
    {
        var rows = SpecComparison.Build(["""{"a":1,"b":[1,2]}""", """{"a":1}"""], differencesOnly: true);

        var row = Assert.Single(rows);
        Assert.Equal("b", row.Key);
        Assert.Equal(["[1, 2]", null], row.Values);
    }

    [Fact]
    public void The_table_shows_only_the_differing_key_highlighted_until_the_switch_is_turned_off()
    {
        var table = Render<SpecComparisonTable>(p => p
            .Add(x => x.Columns, [new SpecColumn("#1 iid", "#111", SpecA), new SpecColumn("#2 non-iid", "#222", SpecB)]));

        var row = Assert.Single(table.FindAll("tbody tr"));
        Assert.Equal("iid", row.GetAttribute("data-key"));
        var cells = row.QuerySelectorAll("td.fedbpt-differs");
        Assert.Equal("false", Assert.Single(cells).TextContent.Trim());
        Assert.Contains("1 of", table.Find("#spec-difference-count").TextContent);

        table.FindComponent<MudSwitch<bool>>().Find("input").Change(false);

        var rows = table.FindAll("tbody tr");
        Assert.Equal(SpecComparison.Build([SpecA, SpecB]).Count, rows.Count);
        Assert.Single(rows, r => r.GetAttribute("data-differs") == "true");
    }

    [Fact]
    public void Identical_configurations_say_so()
    {
        var table = Render<SpecComparisonTable>(p => p
            .Add(x => x.Columns, [new SpecColumn("#1", "#111", SpecA), new SpecColumn("#2", "#222", SpecA)]));

        Assert.Contains("identical", table.Find("#specs-identical").TextContent);
    }
}
