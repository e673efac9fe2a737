using System.IO.Compression;
using FedBpt.Engine.Tracking.TensorBoard;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Experiments;

public static class TensorBoardApi
{
    public static IEndpointRouteBuilder MapTensorBoardApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/experiments/{id:int}/tensorboard.zip", Download).WithTags("Experiments").WithName("GetTensorBoardEvents")
            .WithSummary("The run's TensorBoard event folder as a zip (<id>-<name>/tb_events/site-1/…); 404 when events are off or none were written.");
        return api;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        int id, ExperimentStore store, RunTrackers trackers, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } experiment) return Problems.ExperimentNotFound(id);
        if (trackers.TensorBoardFolder(experiment) is not { } folder)
            return TypedResults.Problem("TensorBoard events are off: set FedBpt:TensorBoard:Directory to write them.", statusCode: 404);
        var events = Path.Combine(folder, TensorBoardLayout.EventsFolder);
        var files = Directory.Exists(events) ? Directory.GetFiles(events, "*tfevents*", SearchOption.AllDirectories) : [];
        if (files.Length == 0)
            return TypedResults.Problem($"Experiment {id} has no TensorBoard events (they are written from its first round on).", statusCode: 404);

        // Entries keep the experiment's folder, so several runs unzipped into one --logdir stay apart.
        var name = Path.GetFileName(folder);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = archive.CreateEntry($"{name}/{Path.GetRelativePath(folder, file).Replace('\\', '/')}", CompressionLevel.Fastest);
                await using var target = entry.Open();
                // A running job appends to the file: read what is there now.
                await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await source.CopyToAsync(target, cancellationToken);
            }
        }
        return TypedResults.File(zip.ToArray(), "application/zip", $"experiment-{id}-tb_events.zip");
    }
}
