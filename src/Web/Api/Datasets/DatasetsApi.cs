using FedBpt.Storage.Datasets;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Catalog;
using FedBpt.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Api.Datasets;

/// <summary>Custom tasks from uploaded TSV/CSV files: once registered, an experiment's spec names one as its task.</summary>
public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/datasets").WithTags("Datasets");
        group.MapPost("/", Upload).WithName("UploadDataset").DisableAntiforgery()
            .WithSummary("Register a custom task: multipart form with 'definition' (JSON), 'train' (.tsv/.csv/.parquet) and optionally 'test'.");
        group.MapGet("/", List).WithName("ListDatasets").WithSummary("Uploaded datasets, without their content.");
        group.MapDelete("/{name}", Delete).WithName("DeleteDataset")
            .WithSummary("Delete an uploaded dataset (not while an experiment on it is pending or running).");
        return api;
    }

    private static async Task<Results<Created<UploadedDataset>, ValidationProblem, ProblemHttpResult>> Upload(
        [FromForm] string? definition, IFormFile? train, IFormFile? test, DatasetRegistration registration, CancellationToken cancellationToken)
    {
        DatasetDefinition parsed;
        try
        {
            parsed = DatasetDefinition.FromJson(definition ?? throw new System.Text.Json.JsonException("it is missing."));
        }
        catch (System.Text.Json.JsonException e)
        {
            return Problems.Invalid("definition",
                "must be a JSON object: {\"name\", \"template\", \"textAColumn\", \"textBColumn\"?, \"labelColumn\", \"labels\": [{\"label\", \"word\"}], \"metric\"?}. " + e.Message);
        }

        var registered = await registration.RegisterAsync(new DatasetUpload(parsed, Lazily(train), Lazily(test)), cancellationToken);
        return registered.Failure switch
        {
            null => TypedResults.Created($"/api/datasets/{registered.Value!.Name}", registered.Value),
            { Kind: FailureKind.Invalid } failure => failure.Invalid(),
            var failure => failure.Problem(),
        };
    }

    /// <summary>The file, read into one array of its size only when registration has checked the name and its turn has come.</summary>
    private static UploadedFile? Lazily(IFormFile? file) => file is null ? null : new UploadedFile(file.FileName, file.Length, async cancellationToken =>
    {
        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    });

    private static async Task<Ok<UploadedDataset[]>> List(DatasetStore datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok((await datasets.ListAsync(cancellationToken)).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string name, DatasetRemoval removal, CancellationToken cancellationToken)
    {
        var deleted = await removal.DeleteAsync(name, cancellationToken);
        return deleted.Failure is { } failure ? failure.Problem() : TypedResults.NoContent();
    }
}
