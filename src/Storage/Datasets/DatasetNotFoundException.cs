namespace FedBpt.Storage.Datasets;

/// <summary>An experiment names an uploaded dataset that no longer exists (deleted while the experiment was being created).</summary>
public sealed class DatasetNotFoundException(string name)
    : KeyNotFoundException($"'{name}' is not a known task or uploaded dataset: it was deleted.")
{
    public string Name { get; } = name;
}
