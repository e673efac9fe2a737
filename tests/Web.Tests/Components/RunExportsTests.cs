using Bunit;
using FedBpt.Engine.Configuration;
using FedBpt.Storage;
using FedBpt.Web.Components.Runs;
using FedBpt.Web.Tests.Infrastructure;
using FedBpt.Web.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace FedBpt.Web.Tests.Components;

public sealed class RunExportsTests : BunitContext
{
    private readonly TempDatabase _database = new();

    [Theory]
    [InlineData("tb-events", 1)]
    [InlineData(null, 0)]
    public void The_TensorBoard_download_is_offered_when_the_service_writes_events(string? directory, int links)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        Services.AddFedBptStorage(_database.ConnectionString);
        Services.AddSingleton(Options.Create(new FedBptOptions { TensorBoard = { Directory = directory } }));
        Services.AddSingleton<RunTrackers>();
        Services.AddMudServices();

        var cut = Render<RunExports>(p => p.Add(x => x.Id, 7).Add(x => x.HasRounds, true));

        Assert.Equal(links, cut.FindAll("a[href='api/experiments/7/tensorboard.zip']").Count);
        Assert.Empty(cut.FindAll("[data-testid=mlflow-status]")); // nothing logged to MLflow for this run
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
