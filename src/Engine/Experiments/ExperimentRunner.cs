using FedBpt.Engine.Configuration;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;
using static TorchSharp.torch;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// One run, the same for the service's job and the CLI: libtorch threads → model (one copy per configured device,
/// <see cref="RunDevices"/>) → memory rule → prepared data → simulation. Where the model comes from (a cache, a folder) and who watches (store, files, trackers) are passed in.
/// Synchronous: call it on the thread that should compute (libtorch's thread settings are partly per thread).
/// </summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Runs (or resumes) <paramref name="spec"/>. <paramref name="acquireModel"/> gives, for each device of
    /// <see cref="RunDevices.Resolve"/> (its index and the device), the model's assets loaded there and what to dispose
    /// when the run ends; <paramref name="observers"/> is called once the data is prepared, before round 0.
    /// </summary>
    public static RunSummary Run(
        ExperimentSpec spec,
        TaskDefinition task,
        FedBptOptions settings,
        IReadOnlyList<string> dataRoots,
        Func<int, Device, (ModelAssets Assets, IDisposable Lease)> acquireModel,
        Func<PreparedExperiment, IEnumerable<IRunObserver>> observers,
        RunCheckpoint? resume = null,
        int clientThreads = 1,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(acquireModel);
        ArgumentNullException.ThrowIfNull(observers);
        TorchDevice.SetThreads(settings.Threads);
        var devices = RunDevices.Resolve(settings);
        var leases = new List<IDisposable>(devices.Count);
        try
        {
            var (assets, lease) = acquireModel(0, devices[0]);
            leases.Add(lease);
            cancel.ThrowIfCancellationRequested();
            // Checked when a run is created too; again here, since the model or FedBpt:MaxRunMemoryBytes may have changed
            // since. Before the other copies load: a run too big for its devices loads only one.
            var shape = ModelShape.Of(assets.Model.Config, Precision.Parse(settings.Precision));
            if (RunMemory.Check(spec, shape, settings.MaxTokensPerForward, settings.MaxRunMemoryBytes, clientThreads, devices.Count) is { } tooBig)
                throw new SpecValidationException([tooBig]);
            var lanes = new List<ModelAssets>(devices.Count) { assets };
            for (int i = 1; i < devices.Count; i++)
            {
                var (copy, copyLease) = acquireModel(i, devices[i]);
                leases.Add(copyLease);
                lanes.Add(copy);
            }
            using var prepared = PreparedExperiment.Prepare(spec, lanes, task, dataRoots, settings.MaxTokensPerForward);
            return new FederatedSimulator(prepared, observers(prepared), clientThreads).Run(resume, cancel);
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
    }
}
