using FedBpt.Engine.Configuration;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// One run, the same for the service's job and the CLI: libtorch threads → model → memory rule → prepared data →
/// simulation. Where the model comes from (a cache, a folder) and who watches (store, files, trackers) are passed in.
/// Synchronous: call it on the thread that should compute (libtorch's thread settings are partly per thread).
/// </summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Runs (or resumes) <paramref name="spec"/>. <paramref name="acquireModel"/> gives the model's assets and what to
    /// dispose when the run ends; <paramref name="observers"/> is called once the data is prepared, before round 0.
    /// </summary>
    public static RunSummary Run(
        ExperimentSpec spec,
        TaskDefinition task,
        FedBptOptions settings,
        IReadOnlyList<string> dataRoots,
        Func<(ModelAssets Assets, IDisposable Lease)> acquireModel,
        Func<PreparedExperiment, IEnumerable<IRunObserver>> observers,
        RunCheckpoint? resume = null,
        int clientThreads = 1,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(acquireModel);
        ArgumentNullException.ThrowIfNull(observers);
        TorchDevice.SetThreads(settings.Threads);
        var (assets, lease) = acquireModel();
        using (lease)
        {
            cancel.ThrowIfCancellationRequested();
            // Checked when a run is created too; again here, since the model or FedBpt:MaxRunMemoryBytes may have changed since.
            var shape = ModelShape.Of(assets.Model.Config, Precision.Parse(settings.Precision));
            if (RunMemory.Check(spec, shape, settings.MaxTokensPerForward, settings.MaxRunMemoryBytes, clientThreads) is { } tooBig)
                throw new SpecValidationException([tooBig]);
            using var prepared = PreparedExperiment.Prepare(spec, assets, task, dataRoots, settings.MaxTokensPerForward);
            return new FederatedSimulator(prepared, observers(prepared), clientThreads).Run(resume, cancel);
        }
    }
}
