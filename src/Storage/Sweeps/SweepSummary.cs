using FedBpt.Storage.Experiments;

namespace FedBpt.Storage.Sweeps;

/// <summary>A sweep and its runs (grid rows, oldest first); the page groups them by setting.</summary>
public sealed record SweepSummary(int Id, string Name, string BaseSpecJson, string AxesJson, DateTime CreatedUtc, IReadOnlyList<ExperimentSummary> Runs);
