using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Experiments;

/// <summary>The experiment's current status does not allow the operation (an illegal transition, deleting a running run…).</summary>
public sealed class ExperimentStateException(int experimentId, ExperimentStatus status, string message)
    : InvalidOperationException($"Experiment {experimentId} is {status}: {message}")
{
    public int ExperimentId { get; } = experimentId;
    public ExperimentStatus Status { get; } = status;
}
