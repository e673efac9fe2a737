using System.Text;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Experiments;
using FedBpt.Web.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Experiments;

public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments").WithTags("Experiments");
        group.MapPost("/", Create).WithName("CreateExperiment")
            .WithSummary("Validate a spec, store the experiment and queue its run.");
        group.MapGet("/", List).WithName("ListExperiments").WithSummary("Experiments, newest first.");
        group.MapGet("/{id:int}", Get).WithName("GetExperiment").WithSummary("One experiment with its spec and label distribution.");
        group.MapGet("/{id:int}/rounds", Rounds).WithName("GetRounds").WithSummary("Per-round metrics with each client's result.");
        group.MapGet("/{id:int}/metrics.csv", MetricsCsvFile).WithName("GetMetricsCsv").WithSummary("Per-round metrics as CSV.");
        group.MapGet("/{id:int}/prompt", Prompt).WithName("GetPrompt")
            .WithSummary("The best or final prompt document (z plus its spec), as a download.");
        group.MapGet("/{id:int}/log", Log).WithName("GetLog").WithSummary("The run's log tail; poll with the last id seen.");
        group.MapPost("/{id:int}/cancel", Cancel).WithName("CancelExperiment")
            .WithSummary("Stop a pending or running experiment; its rounds and prompts are kept.");
        group.MapDelete("/{id:int}", Delete).WithName("DeleteExperiment")
            .WithSummary("Delete an experiment and everything recorded for it (not while it runs).");
        return api;
    }

    private static async Task<Results<Created<CreatedExperiment>, ValidationProblem>> Create(
        CreateExperimentRequest request, ExperimentCommands commands, CancellationToken cancellationToken)
    {
        var created = await commands.CreateAsync(request, cancellationToken);
        return created.Failure is { } failure
            ? failure.Invalid()
            : TypedResults.Created($"/api/experiments/{created.Value}", new CreatedExperiment(created.Value));
    }

    private static async Task<Results<Ok<ExperimentList>, ValidationProblem>> List(
        ExperimentStore store, SuspendedRuns suspended, CancellationToken cancellationToken, int skip = 0, int take = 50, ExperimentStatus? status = null)
    {
        if (skip < 0) return Problems.Invalid("skip", "must be 0 or more.");
        if (take is < 1 or > 500) return Problems.Invalid("take", "must be between 1 and 500.");
        var page = await store.ListAsync(skip, take, status, cancellationToken);
        return TypedResults.Ok(new ExperimentList(page.TotalCount, page.Items.Select(e => ExperimentListItem.From(e, suspended.Find(e.Id))).ToArray()));
    }

    private static async Task<Results<Ok<ExperimentDetail>, ProblemHttpResult>> Get(
        int id, ExperimentStore store, SuspendedRuns suspended, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } experiment
            ? TypedResults.Ok(ExperimentDetail.From(experiment, suspended.Find(id)))
            : Problems.ExperimentNotFound(id);

    private static async Task<Results<Ok<RoundRecord[]>, ProblemHttpResult>> Rounds(
        int id, ExperimentStore store, CancellationToken cancellationToken, int fromRound = 0)
    {
        if (await store.GetAsync(id, cancellationToken) is null) return Problems.ExperimentNotFound(id);
        return TypedResults.Ok((await store.GetRoundsAsync(id, fromRound, cancellationToken)).ToArray());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MetricsCsvFile(
        int id, ExperimentStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null) return Problems.ExperimentNotFound(id);
        var csv = MetricsCsv.Write(await store.GetRoundsAsync(id, 0, cancellationToken));
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv", $"experiment-{id}-metrics.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> Prompt(
        int id, ExperimentStore store, CancellationToken cancellationToken, string which = "best")
    {
        if (!Enum.TryParse<PromptKind>(which, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            return Problems.Invalid("which", "must be best or final.");
        if (await store.GetAsync(id, cancellationToken) is null) return Problems.ExperimentNotFound(id);
        if (await store.GetPromptAsync(id, kind, cancellationToken) is not { } prompt)
            return Problems.NotFound($"Experiment {id} has no {which.ToLowerInvariant()} prompt yet: it has not completed a round.");

        var name = kind.ToString().ToLowerInvariant();
        // Rounds store one document as both Final and Best (see RoundRecorder), so it is labelled here by the kind asked for.
        var json = (PromptDocument.FromJson(prompt.Json) with { Which = name }).ToJson();
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"experiment-{id}-prompt-{name}.json");
    }

    private static async Task<Results<Ok<LogLineDto[]>, ProblemHttpResult, ValidationProblem>> Log(
        int id, ExperimentStore store, CancellationToken cancellationToken, long afterId = 0, int take = 200)
    {
        if (take is < 1 or > ExperimentStore.LogLinesKept) return Problems.Invalid("take", $"must be between 1 and {ExperimentStore.LogLinesKept}.");
        if (await store.GetAsync(id, cancellationToken) is null) return Problems.ExperimentNotFound(id);
        var lines = await store.GetLogTailAsync(id, take, afterId, cancellationToken);
        return TypedResults.Ok(lines.Select(l => new LogLineDto(l.Id, l.TimestampUtc, l.Level.ToString(), l.Message)).ToArray());
    }

    private static async Task<Results<Ok<ExperimentStatusResponse>, ProblemHttpResult>> Cancel(
        int id, ExperimentCommands commands, CancellationToken cancellationToken)
    {
        var cancelled = await commands.CancelAsync(id, cancellationToken);
        return cancelled.Failure is { } failure
            ? failure.Problem()
            : TypedResults.Ok(new ExperimentStatusResponse(id, cancelled.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, ExperimentCommands commands, CancellationToken cancellationToken)
    {
        var deleted = await commands.DeleteAsync(id, cancellationToken);
        return deleted.Failure is { } failure ? failure.Problem() : TypedResults.NoContent();
    }
}
