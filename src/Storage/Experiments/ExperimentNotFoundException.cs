namespace FedBpt.Storage.Experiments;

public sealed class ExperimentNotFoundException(int experimentId)
    : KeyNotFoundException($"Experiment {experimentId} does not exist.")
{
    public int ExperimentId { get; } = experimentId;
}
