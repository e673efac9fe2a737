using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Datasets;

/// <summary>A dataset without its content, for lists and pickers.</summary>
public sealed record DatasetSummary(
    int Id, string Name, string FileName, DatasetFormat Format, int Rows, int? TestRows, long SizeBytes, DateTime CreatedUtc);
