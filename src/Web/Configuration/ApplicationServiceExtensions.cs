using FedBpt.Web.Catalog;
using FedBpt.Web.Common;
using FedBpt.Web.Experiments;
using FedBpt.Web.Predictions;
using FedBpt.Web.Tracking;

namespace FedBpt.Web.Configuration;

public static class ApplicationServiceExtensions
{
    /// <summary>The services the REST API and the dashboard pages share, so that each action has one implementation.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddSingleton<SplitSummaryCache>();
        services.AddSingleton<TokenizerSource>();
        services.AddSingleton<DatasetFiles>();
        services.AddSingleton<ServerPaths>();
        services.AddSingleton<TaskResolver>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<DatasetRegistration>();
        services.AddSingleton<DatasetRemoval>();
        services.AddSingleton<ExperimentRequestValidator>();
        services.AddSingleton<ExperimentCommands>();
        services.AddSingleton<PredictionService>();
        services.AddSingleton<RunTrackers>();
        services.AddSingleton<Sweeps.SweepCommands>();
        services.AddSingleton<Sweeps.SweepReader>();
        return services;
    }
}
