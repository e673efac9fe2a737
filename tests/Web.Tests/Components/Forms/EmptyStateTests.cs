using Bunit;
using Pages = FedBpt.Web.Components.Pages;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>A host with no experiments and a model root without models: what a first-time user sees.</summary>
public sealed class EmptyModelRootsFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public string ModelRoot { get; } = Directory.CreateTempSubdirectory("fedbpt-no-models-").FullName;

    public FedBptWebFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new FedBptWebFactory(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["FedBpt:ModelRoots:0"] = ModelRoot,
            ["FedBpt:ModelRoots:1"] = ModelRoot,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
        Directory.Delete(ModelRoot, recursive: true);
    }
}

public sealed class EmptyStateTests(EmptyModelRootsFixture fixture) : PageTest(fixture.Factory), IClassFixture<EmptyModelRootsFixture>
{
    [Fact]
    public void A_first_time_user_is_offered_the_quick_demo_and_told_where_models_go()
    {
        var cut = RenderWithProviders<Pages.Experiments>();

        cut.WaitForElement("[data-testid=empty-state]", TimeSpan.FromSeconds(10));
        Assert.Contains("experiments/new?preset=quick", cut.Find("[data-testid=quick-demo]").GetAttribute("href"));
        var hint = cut.Find("[data-testid=no-model]").TextContent;
        Assert.Contains(fixture.ModelRoot, hint);
        Assert.Contains("model.safetensors", hint);
    }

    [Fact]
    public void The_quick_demo_link_opens_the_form_with_the_quick_preset()
    {
        Navigation.NavigateTo("experiments/new?preset=quick");

        var cut = RenderWithProviders<Pages.NewExperiment>();

        var quick = FedBpt.Web.Components.ExperimentForm.SpecPresets.QuickSpec;
        cut.WaitForAssertion(() => Assert.Equal(quick.NumRounds.ToString(), cut.Find("#f-numRounds").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal(quick.KShot.ToString(), cut.Find("#f-kShot").GetAttribute("value"));
        // No model here: the form says so on the model field before the server would.
        Assert.Contains("not in the model roots", cut.Find("#f-model").Closest(".mud-input-control")!.TextContent);
    }
}
