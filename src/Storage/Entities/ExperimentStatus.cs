namespace FedBpt.Storage.Entities;

/// <summary>Life cycle of an experiment; the legal moves are in <see cref="ExperimentStatusTransitions"/>.</summary>
public enum ExperimentStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}
