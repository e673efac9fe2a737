using FedBpt.Web.Api.Catalog;
using FedBpt.Web.Api.Experiments;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Api.Predict;

namespace FedBpt.Web.Api;

public static class ApiServiceExtensions
{
    public static IServiceCollection AddApiServices(this IServiceCollection services)
    {
        services.AddSingleton<ExperimentRequestValidator>();
        services.AddSingleton<SplitSummaryCache>();
        return services;
    }

    /// <summary>The REST API under /api, documented at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapFedBptApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapExperimentsApi();
        api.MapCatalogApi();
        api.MapPredictApi();
        return endpoints;
    }

    /// <summary>Request-size cap for the API; exceptions and bare error statuses become ProblemDetails.</summary>
    public static IApplicationBuilder UseApiErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<ApiRequestSizeLimit>());
        return app;
    }
}
