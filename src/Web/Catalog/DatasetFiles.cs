using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Uploaded datasets live in the database; the engine reads files. This writes a dataset's files once into a
/// cache folder named by their hash (so an edited or re-uploaded dataset never reuses stale files) and returns
/// their paths. The cache is readable by the service's user only (uploads may be private data), a rejected or
/// deleted upload's files are removed, and the whole cache can be deleted at any time.
/// </summary>
public sealed partial class DatasetFiles
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The cache folder: <c>fedbpt/datasets</c> under the system temp directory.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fedbpt", "datasets");

    public (string Train, string? Test) Write(Dataset dataset) =>
        Write(dataset.Name, dataset.Format, dataset.Content, dataset.TestContent);

    public (string Train, string? Test) Write(string name, DatasetFormat format, byte[] train, byte[]? test)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256); // over train then test, without joining them
        hash.AppendData(train);
        if (test is not null) hash.AppendData(test);
        var folder = Path.Combine(Root, $"{name}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}");
        CreatePrivate(Path.GetDirectoryName(Root)!);
        CreatePrivate(Root);
        CreatePrivate(folder);
        var extension = format switch { DatasetFormat.Csv => ".csv", DatasetFormat.Parquet => ".parquet", _ => ".tsv" };
        var trainPath = WriteOnce(Path.Combine(folder, "train" + extension), train);
        var testPath = test is null ? null : WriteOnce(Path.Combine(folder, "test" + extension), test);
        return (trainPath, testPath);
    }

    /// <summary>Removes the cache folders of the dataset called <paramref name="name"/> (all versions of it).</summary>
    public void Delete(string name)
    {
        if (!Directory.Exists(Root)) return;
        foreach (var folder in Directory.EnumerateDirectories(Root, name + "-*"))
        {
            // "reviews-0123…" but not "reviews-2-0123…", which belongs to the dataset "reviews-2".
            if (FolderOf().Match(Path.GetFileName(folder)) is { Success: true } m && m.Groups[1].Value == name) DeleteFolder(folder);
        }
    }

    /// <summary>Removes the folder holding <paramref name="file"/> (written by <see cref="Write(string, DatasetFormat, byte[], byte[])"/>).</summary>
    public void DeleteFolderOf(string file)
    {
        var folder = Path.GetDirectoryName(file);
        if (folder is not null && Path.GetDirectoryName(folder) == Root) DeleteFolder(folder);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A run still reading it on a platform that locks open files: the cache may be cleaned any time later.
        }
    }

    /// <summary>Created owner-only, and made so if an older version created it readable by others.</summary>
    private static void CreatePrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        Directory.CreateDirectory(folder, OwnerOnlyFolder);
        if ((File.GetUnixFileMode(folder) & ~OwnerOnlyFolder) != 0) File.SetUnixFileMode(folder, OwnerOnlyFolder);
    }

    /// <summary>Written under a temporary name and moved, so a reader never sees half a file.</summary>
    private static string WriteOnce(string path, byte[] content)
    {
        if (File.Exists(path) && new FileInfo(path).Length == content.Length) return path;
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = OwnerOnlyFile;
        using (var stream = new FileStream(partial, create)) stream.Write(content);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    [GeneratedRegex("^(.+)-[0-9a-f]{16}$")]
    private static partial Regex FolderOf();
}
