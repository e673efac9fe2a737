namespace FedBpt.Storage.Entities;

public enum DatasetFormat
{
    Tsv,
    Csv,
    /// <summary>Apache Parquet (stored as its name, like the others: no migration).</summary>
    Parquet,
}
