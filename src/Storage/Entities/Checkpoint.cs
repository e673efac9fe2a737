namespace FedBpt.Storage.Entities;

/// <summary>The latest resumable state of a run (one row per experiment, overwritten every round).</summary>
public class Checkpoint
{
    public int ExperimentId { get; set; }
    /// <summary>The round after which <see cref="State"/> was taken.</summary>
    public int Round { get; set; }
    /// <summary>The engine's serialized state; opaque to storage.</summary>
    public required byte[] State { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
