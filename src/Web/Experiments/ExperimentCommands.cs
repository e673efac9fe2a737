using FedBpt.Engine.Experiments;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Common;
using FedBpt.Web.Jobs;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Experiments;

/// <summary>
/// What a user can do to experiments, the one implementation behind both the REST API and the dashboard:
/// create (validate, store, queue), cancel and delete. Each change is written to the database first and then
/// announced on the <see cref="RunNotifier"/>, so open pages follow.
/// </summary>
public sealed class ExperimentCommands(
    ExperimentRequestValidator validator, ExperimentStore store, ExperimentScheduler scheduler, RunNotifier notifier)
{
    /// <summary>The new experiment's id, or the spec's errors keyed by field (the API: the spec as JSON).</summary>
    public async Task<Outcome<int>> CreateAsync(CreateExperimentRequest request, CancellationToken cancellationToken = default) =>
        await CreateAsync(await validator.ValidateAsync(request, cancellationToken), request.Queue);

    /// <summary>The new experiment's id, or the spec's errors keyed by field (the dashboard's form: a parsed spec).</summary>
    public async Task<Outcome<int>> CreateAsync(string? name, ExperimentSpec spec, string? queue = null, CancellationToken cancellationToken = default) =>
        await CreateAsync(await validator.ValidateAsync(name, spec, queue, cancellationToken), queue);

    private async Task<Outcome<int>> CreateAsync((ValidExperiment? Valid, IDictionary<string, string[]> Errors) checkedRequest, string? queue)
    {
        if (checkedRequest.Valid is not { } valid) return Failure.Invalid(checkedRequest.Errors.AsReadOnly());

        int id;
        try
        {
            id = await store.CreateAsync(valid.Spec.ToExperimentInsert(valid.Name) with { Queue = queue }, CancellationToken.None);
        }
        catch (DatasetNotFoundException e)
        {
            return Failure.Invalid("task", e.Message); // deleted after it was validated
        }
        // Once stored, the run is queued whatever happens to the caller; a lost enqueue is redone at start-up.
        await scheduler.EnqueueAsync(id, CancellationToken.None);
        notifier.Publish(new RunEvent(id, RunEventKind.Created, ExperimentStatus.Pending));
        return id;
    }

    /// <summary>Stops a pending or running experiment between iterations; its rounds and prompts are kept.</summary>
    public async Task<Outcome<ExperimentStatus>> CancelAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } experiment) return Failure.ExperimentNotFound(id);
        try
        {
            // The database first: a run that reads its status from now on sees Cancelled and keeps it.
            if (await store.CancelAsync(id, CancellationToken.None))
                notifier.Publish(new RunEvent(id, RunEventKind.Cancelled, ExperimentStatus.Cancelled));
        }
        catch (ExperimentStateException e)
        {
            return Failure.Conflict($"Experiment {id} is {e.Status}; only pending or running experiments can be cancelled.");
        }
        catch (ExperimentNotFoundException)
        {
            return Failure.ExperimentNotFound(id);
        }
        scheduler.Stop(id, experiment.HangfireJobId);
        return ExperimentStatus.Cancelled;
    }

    /// <summary>Deletes an experiment and everything recorded for it; refused while it runs.</summary>
    public async Task<Outcome<int>> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var jobId = (await store.GetAsync(id, cancellationToken))?.HangfireJobId;
        try
        {
            if (!await store.DeleteAsync(id, CancellationToken.None)) return Failure.ExperimentNotFound(id);
        }
        catch (ExperimentStateException)
        {
            return Failure.Conflict($"Experiment {id} is running; cancel it first.");
        }
        scheduler.Stop(id, jobId); // a queued job would find nothing to run, but it should not linger in the queue
        notifier.Publish(new RunEvent(id, RunEventKind.Deleted, null));
        return id;
    }
}
