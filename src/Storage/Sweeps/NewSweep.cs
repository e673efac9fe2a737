using FedBpt.Storage.Experiments;

namespace FedBpt.Storage.Sweeps;

/// <summary>A sweep as launched: its name, what it was asked, and one experiment per grid point.</summary>
public sealed record NewSweep
{
    public required string Name { get; init; }
    public required string BaseSpecJson { get; init; }
    public required string AxesJson { get; init; }
    /// <summary>The runs, in grid order; their <see cref="ExperimentInsert.SweepId"/> is set by the store.</summary>
    public required IReadOnlyList<ExperimentInsert> Points { get; init; }
}
