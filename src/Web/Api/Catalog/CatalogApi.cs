using FedBpt.Web.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Catalog;

/// <summary>What an experiment can be made of: the models and tasks the configured roots hold.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/models", Models).WithName("ListModels").WithTags("Catalog")
            .WithSummary("Model folders in the model roots, with their size from config.json.");
        api.MapGet("/tasks", Tasks).WithName("ListTasks").WithTags("Catalog")
            .WithSummary("Built-in tasks with the splits found in the data roots, and uploaded datasets.");
        return api;
    }

    private static Ok<ModelInfo[]> Models(CatalogService catalog) => TypedResults.Ok(catalog.Models().ToArray());

    private static async Task<Ok<TaskInfo[]>> Tasks(CatalogService catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.TasksAsync(cancellationToken)).ToArray());
}
