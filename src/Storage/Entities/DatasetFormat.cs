namespace FedBpt.Storage.Entities;

public enum DatasetFormat
{
    Tsv,
    Csv,
}
