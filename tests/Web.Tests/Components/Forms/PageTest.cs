using Bunit;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Experiments;
using FedBpt.Web.Notifications;
using FedBpt.Web.Predictions;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>
/// bUnit over the real app's services: MudBlazor is registered in the test context and the application services
/// (the store, the catalog over the shared tiny model and data, the commands, the notifier) come from a running host.
/// </summary>
public abstract class PageTest : BunitContext, IAsyncLifetime
{
    protected PageTest(FedBptWebFactory factory)
    {
        Factory = factory;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The app's singletons the pages inject (the app's root provider as a whole cannot be a fallback: the
        // renderer would then ask it for scoped framework services).
        Share<ExperimentStore>();
        Share<ExperimentCommands>();
        Share<CatalogService>();
        Share<PredictionService>();
        Share<RunNotifier>();
        Share<TimeProvider>();
        Share<Web.Sweeps.SweepCommands>();
        Share<Web.Sweeps.SweepReader>();
    }

    private void Share<T>() where T : class => Services.AddSingleton(_ => Factory.Services.GetRequiredService<T>());

    protected FedBptWebFactory Factory { get; }

    protected T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    protected ExperimentStore Store => Get<ExperimentStore>();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The page inside the providers MudBlazor's popovers, dialogs and snackbars render into.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithProviders<TPage>() where TPage : IComponent =>
        Render<ContainerFragment>(p => p.AddChildContent(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        }));

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are only asynchronously disposable.</summary>
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    /// <summary>
    /// Clicks an element of a page that live updates may re-render at any moment (a click on a just-replaced
    /// element fails in bUnit): finds it afresh and retries until the click is delivered.
    /// </summary>
    protected static void ClickLive(IRenderedComponent<ContainerFragment> cut, string selector) =>
        cut.WaitForAssertion(() => cut.Find(selector).Click(), TimeSpan.FromSeconds(5));

    protected async Task<int> CountExperimentsAsync() => (await Store.ListAsync(0, 1)).TotalCount;
}

/// <summary>A plain container to render a page with its providers.</summary>
public sealed class ContainerFragment : ComponentBase
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
        builder.AddContent(0, ChildContent);
}
