using FedBpt.Engine.Scoring;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// One device of a run: its own model copy, the scorer over it and the projection A on it. Client c trains on lane
/// c mod D (its shard tensors live there); lane 0 also evaluates. Every lane scores with the same weights and the same
/// A (copied from lane 0, not redrawn), so which lane trains a client never changes its result.
/// </summary>
public sealed class DeviceLane(int index, ModelAssets assets, PromptScorer scorer, PromptProjection? projection)
{
    public int Index { get; } = index;
    public ModelAssets Assets { get; } = assets;
    public PromptScorer Scorer { get; } = scorer;
    public PromptProjection? Projection { get; } = projection;
}
