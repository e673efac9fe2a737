namespace FedBpt.Storage.Entities;

/// <summary>An exported prompt document; one per experiment and <see cref="PromptKind"/>.</summary>
public class PromptArtifact
{
    public int Id { get; set; }
    public int ExperimentId { get; set; }
    public PromptKind Kind { get; set; }
    public int Round { get; set; }
    /// <summary>Global test accuracy at <see cref="Round"/>; null when that round had no evaluation.</summary>
    public double? Accuracy { get; set; }
    public required string Json { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
