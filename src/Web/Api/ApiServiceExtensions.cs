using FedBpt.Web.Api.Catalog;
using FedBpt.Web.Api.Datasets;
using FedBpt.Web.Api.Experiments;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Api.Predict;
using FedBpt.Web.Sweeps;

namespace FedBpt.Web.Api;

public static class ApiServiceExtensions
{
    /// <summary>The REST API under /api, documented at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapFedBptApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapExperimentsApi();
        api.MapTensorBoardApi();
        api.MapCatalogApi();
        api.MapDatasetsApi();
        api.MapPredictApi();
        api.MapSweepsApi();
        return endpoints;
    }

    /// <summary>
    /// Exceptions become ProblemDetails; under /api so do bare error statuses (an unknown route, a wrong method),
    /// request bodies are capped, and writes are answered 503 while the database refuses them. Pages keep their
    /// own status handling.
    /// </summary>
    public static IApplicationBuilder UseApiErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api
            .UseStatusCodePages()
            .UseMiddleware<ApiRequestSizeLimit>()
            .UseMiddleware<StoreFaultGate>());
        return app;
    }
}
