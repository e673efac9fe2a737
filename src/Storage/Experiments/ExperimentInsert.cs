namespace FedBpt.Storage.Experiments;

/// <summary>The values an experiment row is inserted with (what the caller knows when it is created); the grid columns are copied out of the spec.</summary>
public sealed record ExperimentInsert
{
    public required string Name { get; init; }
    /// <summary>The full experiment spec, stored as given (must be a JSON object).</summary>
    public required string SpecJson { get; init; }
    public required string Task { get; init; }
    public required string Model { get; init; }
    public required string Algorithm { get; init; }
    public required int NumClients { get; init; }
    public required int NumRounds { get; init; }
    public required bool Iid { get; init; }
    public required long Seed { get; init; }
    /// <summary>
    /// The uploaded dataset the experiment's task is, or null for a built-in task: it must still exist when the
    /// row is inserted (checked in the same transaction as the insert).
    /// </summary>
    public string? RequiredDataset { get; init; }
    /// <summary>The sweep the run belongs to (<see cref="Sweeps.SweepStore"/>), or null.</summary>
    public int? SweepId { get; init; }
    /// <summary>The worker queue that must run it, or null for any.</summary>
    public string? Queue { get; init; }
}
