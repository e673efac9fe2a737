using Bunit;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Sweeps;
using Compare = FedBpt.Web.Components.Pages.Compare;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Components;

/// <summary>Compare can add whole sweeps (issue #13): the picker lists the sweeps and adds all runs of the chosen one.</summary>
public sealed class CompareSweepPickerTests : DashboardContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<(int SweepId, IReadOnlyList<int> Runs)> CreateSweepAsync(string name, params long[] seeds)
    {
        var points = seeds.Select(seed => new ExperimentInsert
        {
            Name = $"{name} · seed={seed}",
            SpecJson = $$"""{"task":"sst2","model":"tiny-roberta-mlm","numRounds":2,"seed":{{seed}}}""",
            Task = "sst2", Model = "tiny-roberta-mlm", Algorithm = "fedbpt", NumClients = 2, NumRounds = 2, Iid = false, Seed = seed,
        }).ToArray();
        return await Services.GetRequiredService<SweepStore>().CreateAsync(new NewSweep
        {
            Name = name, BaseSpecJson = "{}", AxesJson = $$"""{"seed":[{{string.Join(',', seeds)}}]}""", Points = points,
        });
    }

    [Fact]
    public async Task Adding_a_sweep_appends_all_its_runs_after_the_runs_shown()
    {
        var single = await CreateRunningAsync("single");
        await RecordAsync(single, 0, 0.6);
        var (other, _) = await CreateSweepAsync("other", 7);
        var (sweep, runs) = await CreateSweepAsync("sigma study", 1, 2, 3);
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(runs[0], "w", TimeSpan.FromMinutes(5), "cpu"));
        await RecordAsync(runs[0], 0, 0.7); // one with a round, the others pending: a sweep adds them all
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"compare?ids={single},{runs[1]}");
        var page = Render<Compare>();
        page.WaitForAssertion(() => Assert.Equal(2, page.Instance.Runs.Count), Wait);

        var picker = page.FindComponent<MudBlazor.MudSelect<int?>>();
        var items = page.FindComponents<MudBlazor.MudSelectItem<int?>>();
        Assert.Equal([sweep, other], items.Select(i => i.Instance.Value));  // newest first
        Assert.Equal($"#{sweep} sigma study (3 runs)", picker.Instance.ToStringFunc!(sweep));
        Assert.True(page.Find("#add-sweep").HasAttribute("disabled"));

        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(sweep));
        page.Find("#add-sweep").Click();

        // The runs already shown keep their place (and colour); the sweep's others follow in its order.
        Assert.EndsWith($"compare?ids={single},{runs[1]},{runs[0]},{runs[2]}", navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal([single, runs[1], runs[0], runs[2]], page.Instance.Runs.Select(r => r.Id)), Wait);
    }

    [Fact]
    public async Task A_sweep_whose_runs_were_all_deleted_is_not_offered()
    {
        var (_, runs) = await CreateSweepAsync("emptied", 1);
        var (kept, _) = await CreateSweepAsync("kept", 2);
        Assert.True(await Store.DeleteAsync(runs[0]));
        Services.GetRequiredService<NavigationManager>().NavigateTo("compare");

        var page = Render<Compare>();

        page.WaitForElement("#sweep-picker", Wait);
        Assert.Equal([kept], page.FindComponents<MudBlazor.MudSelectItem<int?>>().Select(i => i.Instance.Value));
    }

    [Fact]
    public void Without_sweeps_there_is_no_picker()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("compare");
        var page = Render<Compare>();
        page.WaitForElement("#nothing-selected", Wait);
        Assert.Empty(page.FindAll("#sweep-picker"));
    }
}
