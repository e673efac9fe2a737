namespace FedBpt.Storage.Datasets;

/// <summary>A dataset cannot be deleted while pending or running experiments name it as their task.</summary>
public sealed class DatasetInUseException(string name, IReadOnlyList<int> experimentIds)
    : InvalidOperationException(
        $"Experiment(s) {string.Join(", ", experimentIds)} on '{name}' are pending or running; cancel them first.")
{
    public string Name { get; } = name;
    public IReadOnlyList<int> ExperimentIds { get; } = experimentIds;
}
