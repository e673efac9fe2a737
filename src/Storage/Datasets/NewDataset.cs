using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Datasets;

/// <summary>An upload that the caller has already parsed and validated.</summary>
public sealed record NewDataset
{
    public required string Name { get; init; }
    public required string FileName { get; init; }
    public required DatasetFormat Format { get; init; }
    public required byte[] Content { get; init; }
    /// <summary>Template, columns and label → word map, as a JSON object.</summary>
    public required string DefinitionJson { get; init; }
    public required int Rows { get; init; }
    /// <summary>The held-out file, when one was uploaded.</summary>
    public byte[]? TestContent { get; init; }
    public int? TestRows { get; init; }
}
