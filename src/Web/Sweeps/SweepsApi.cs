using System.Text;
using FedBpt.Storage.Sweeps;
using FedBpt.Web.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Sweeps;

public sealed record SweepListItem(int Id, string Name, DateTime CreatedUtc, int Runs);

public sealed record SweepDetail(int Id, string Name, DateTime CreatedUtc, string BaseSpecJson, string AxesJson, int[] ExperimentIds, IReadOnlyList<SweepSetting> Settings);

public static class SweepsApi
{
    public static IEndpointRouteBuilder MapSweepsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/sweeps").WithTags("Sweeps");
        group.MapPost("/", Create).WithName("CreateSweep")
            .WithSummary("Expand a base spec and axes (seeds, spec keys × values) into one experiment per point, store and queue them.");
        group.MapGet("/", List).WithName("ListSweeps").WithSummary("Sweeps, newest first.");
        group.MapGet("/{id:int}", Get).WithName("GetSweep").WithSummary("A sweep with per-setting mean ± std per round and of best/final accuracy.");
        group.MapGet("/{id:int}/table.csv", TableCsv).WithName("GetSweepTable").WithSummary("The sweep's mean ± std table as CSV.");
        return api;
    }

    private static async Task<Results<Created<CreatedSweep>, ValidationProblem>> Create(
        SweepRequest request, SweepCommands commands, CancellationToken cancellationToken)
    {
        var created = await commands.CreateAsync(request, cancellationToken);
        return created.Failure is { } failure
            ? failure.Invalid()
            : TypedResults.Created($"/api/sweeps/{created.Value!.Id}", created.Value);
    }

    private static async Task<Ok<SweepListItem[]>> List(SweepStore sweeps, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sweeps.ListAsync(cancellationToken)).Select(s => new SweepListItem(s.Id, s.Name, s.CreatedUtc, s.Runs)).ToArray());

    private static async Task<Results<Ok<SweepDetail>, ProblemHttpResult>> Get(int id, SweepReader reader, CancellationToken cancellationToken) =>
        await reader.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(new SweepDetail(view.Sweep.Id, view.Sweep.Name, view.Sweep.CreatedUtc, view.Sweep.BaseSpecJson,
                view.Sweep.AxesJson, [.. view.Sweep.Runs.Select(r => r.Id)], view.Settings))
            : Problems.NotFound($"Sweep {id} does not exist.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TableCsv(int id, SweepReader reader, CancellationToken cancellationToken) =>
        await reader.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.File(Encoding.UTF8.GetBytes(SweepStats.Csv(view.Settings)), "text/csv", $"sweep-{id}-table.csv")
            : Problems.NotFound($"Sweep {id} does not exist.");
}
