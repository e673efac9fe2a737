using System.Security.Cryptography;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Uploaded datasets live in the database; the engine reads files. This writes a dataset's files once into a
/// cache folder named by their hash (so an edited or re-uploaded dataset never reuses stale files) and returns
/// their paths. The cache can be deleted at any time.
/// </summary>
public sealed class DatasetFiles
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fedbpt", "datasets");

    public (string Train, string? Test) Write(Dataset dataset) =>
        Write(dataset.Name, dataset.Format, dataset.Content, dataset.TestContent);

    public (string Train, string? Test) Write(string name, DatasetFormat format, byte[] train, byte[]? test)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData([.. train, .. test ?? []]))[..16];
        var folder = Path.Combine(_root, $"{name}-{hash}");
        Directory.CreateDirectory(folder);
        var extension = format switch { DatasetFormat.Csv => ".csv", DatasetFormat.Parquet => ".parquet", _ => ".tsv" };
        var trainPath = WriteOnce(Path.Combine(folder, "train" + extension), train);
        var testPath = test is null ? null : WriteOnce(Path.Combine(folder, "test" + extension), test);
        return (trainPath, testPath);
    }

    /// <summary>Written under a temporary name and moved, so a reader never sees half a file.</summary>
    private static string WriteOnce(string path, byte[] content)
    {
        if (File.Exists(path) && new FileInfo(path).Length == content.Length) return path;
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        File.WriteAllBytes(partial, content);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
