using System.Text.Json;
using System.Text.Json.Nodes;
using FedBpt.Engine.Experiments;
using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Sweeps;
using FedBpt.Web.Common;
using FedBpt.Web.Configuration;
using FedBpt.Web.Experiments;
using FedBpt.Web.Jobs;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Sweeps;

/// <summary>
/// Launches a sweep: expands the grid, checks every point as a single experiment would be checked
/// (<see cref="ExperimentRequestValidator"/>), then stores the sweep and all its runs in one transaction and queues them.
/// Nothing is stored unless every point is valid. The API, the dashboard and `fedbpt sweep --server` use it.
/// </summary>
public sealed class SweepCommands(
    ExperimentRequestValidator validator, SweepStore sweeps, ExperimentScheduler scheduler, RunNotifier notifier)
{
    public async Task<Outcome<CreatedSweep>> CreateAsync(SweepRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = ["is required."];
        else if (name.Length > FieldLengths.Name - 40) errors["name"] = [$"must be at most {FieldLengths.Name - 40} characters (run names add the point)."];
        if (request.Queue is { } queue && ScaleOutOptions.CheckQueue(queue) is { } queueError) errors["queue"] = [queueError];
        if (request.Spec is not { ValueKind: JsonValueKind.Object } specJson)
            return Failure.Invalid("spec", "is required: an object with the settings every run shares.");
        if (request.Seeds is { } seeds && seeds.Distinct().Count() != seeds.Length) errors["seeds"] = ["lists a seed twice."];
        foreach (var (key, values) in request.Axes ?? [])
        {
            if (values.Length == 0) errors[$"axes.{key}"] = ["needs at least one value."];
            if (key == SweepGrid.SeedKey && request.Seeds is { Length: > 0 }) errors[$"axes.{key}"] = ["is given as seeds already."];
            if (values.Select(v => v.GetRawText()).Distinct().Count() != values.Length) errors[$"axes.{key}"] = ["lists a value twice."];
        }
        var axes = SweepGrid.Axes(request.Seeds, request.Axes);
        if (axes.Count == 0) errors["axes"] = ["give seeds or at least one spec key with values."];
        if (SweepGrid.Count(axes) > SweepGrid.MaxRuns) errors["axes"] = [$"make {SweepGrid.Count(axes)} runs; a sweep may have at most {SweepGrid.MaxRuns}."];
        if (errors.Count > 0) return Failure.Invalid(errors);

        var baseSpec = (JsonObject)JsonNode.Parse(specJson.GetRawText())!;
        var points = SweepGrid.Expand(baseSpec, axes);
        var runs = new List<ExperimentInsert>(points.Count);
        foreach (var point in points)
        {
            var runName = $"{name} · {point.Label}";
            var (valid, pointErrors) = await validator.ValidateAsync(
                new CreateExperimentRequest(runName, JsonSerializer.SerializeToElement(point.Spec)), cancellationToken);
            if (valid is null)
            {
                // Name the point: "sigma=-1 · seed=1: sigma: must be positive."
                foreach (var (field, messages) in pointErrors)
                    errors[field.Length == 0 ? point.Label : field] = [.. messages.Select(m => $"{point.Label}: {m}")];
                continue;
            }
            runs.Add(valid.Spec.ToExperimentInsert(valid.Name) with { Queue = request.Queue });
        }
        if (errors.Count > 0) return Failure.Invalid(errors);

        (int Id, IReadOnlyList<int> Ids) created;
        try
        {
            created = await sweeps.CreateAsync(new NewSweep
            {
                Name = name,
                BaseSpecJson = baseSpec.ToJsonString(),
                AxesJson = new JsonObject(axes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)new JsonArray([.. a.Values.Select(v => v?.DeepClone())])))).ToJsonString(),
                Points = runs,
            }, CancellationToken.None);
        }
        catch (DatasetNotFoundException e)
        {
            return Failure.Invalid("task", e.Message);
        }
        // Stored: queued whatever happens to the caller; a lost enqueue is redone at start-up (RunRecovery).
        foreach (var id in created.Ids)
        {
            await scheduler.EnqueueAsync(id, CancellationToken.None);
            notifier.Publish(new RunEvent(id, RunEventKind.Created, ExperimentStatus.Pending));
        }
        return new CreatedSweep(created.Id, [.. created.Ids]);
    }
}
