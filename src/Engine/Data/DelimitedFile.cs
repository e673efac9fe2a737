namespace FedBpt.Engine.Data;

/// <summary>Reads a data file as CSV when its extension is ".csv", otherwise as raw TSV.</summary>
public static class DelimitedFile
{
    public static bool IsCsv(string path) => string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase);

    public static DelimitedTable Read(string path) => IsCsv(path) ? CsvReader.Read(path) : TsvReader.Read(path);
}
