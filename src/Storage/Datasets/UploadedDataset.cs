using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Datasets;

/// <summary>An uploaded dataset without its content (the API's dataset resource), for lists and pickers.</summary>
public sealed record UploadedDataset(
    int Id, string Name, string FileName, DatasetFormat Format, int Rows, int? TestRows, long SizeBytes, DateTime CreatedUtc);
