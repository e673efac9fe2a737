namespace FedBpt.Storage.Datasets;

public sealed class DuplicateDatasetException(string name)
    : InvalidOperationException($"A dataset named '{name}' already exists; pick another name or delete it first.")
{
    public string Name { get; } = name;
}
