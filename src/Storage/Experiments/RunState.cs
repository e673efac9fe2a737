using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Experiments;

/// <summary>What another process can change about a run, as cheap to read for every run as one row each.</summary>
public sealed record RunState(int Id, ExperimentStatus Status, int RoundsCompleted);
