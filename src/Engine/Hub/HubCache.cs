using System.Text.RegularExpressions;

namespace FedBpt.Engine.Hub;

/// <summary>
/// The Hugging Face cache on disk, in huggingface_hub's own layout (hub-docs <c>local-cache.md</c>), so that Python
/// and FedBpt share downloads both ways:
/// <code>
/// &lt;cache&gt;/models--org--name/blobs/&lt;etag&gt;                      the file's bytes
///                          /snapshots/&lt;commit&gt;/&lt;path&gt;          relative symlink to ../../blobs/&lt;etag&gt;
///                          /refs/&lt;revision&gt;                   the commit, no trailing newline
///                          /.no_exist/&lt;commit&gt;/&lt;path&gt;          empty: known to be absent
/// &lt;cache&gt;/.locks/models--org--name/&lt;etag&gt;.lock             held (flock) while the blob is written
/// </code>
/// Every path is built from a validated repository, revision, commit, etag and file path, so none leaves the cache.
/// </summary>
public sealed partial class HubCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(HubRepo repo) => Path.Combine(Root, repo.FolderName);

    /// <summary>The commit the repository's revision points at in the cache (the revision itself for a commit), or null.</summary>
    public string? CommitOf(HubRepo repo)
    {
        if (repo.IsCommit) return repo.Revision;
        var path = RefPath(repo);
        if (!File.Exists(path)) return null;
        var commit = File.ReadAllText(path).Trim();
        return HubRepo.IsCommitHash(commit) ? commit : null;
    }

    /// <summary>Records that the revision points at <paramref name="commit"/>: written whole (temp file and rename) and only when it changed.</summary>
    public void WriteRef(HubRepo repo, string commit)
    {
        EnsureCommit(commit);
        if (repo.IsCommit || repo.Revision == commit) return;
        var path = RefPath(repo);
        if (File.Exists(path) && File.ReadAllText(path) == commit) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid().ToString("N")[..8]}.tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, path, overwrite: true);
    }

    public string SnapshotFolder(HubRepo repo, string commit)
    {
        EnsureCommit(commit);
        return Path.Combine(RepoFolder(repo), "snapshots", commit);
    }

    /// <summary>Where a file of the snapshot is (whether or not it is there).</summary>
    public string SnapshotPath(HubRepo repo, string commit, string file) => Path.Combine(SnapshotFolder(repo, commit), Local(file));

    public string BlobPath(HubRepo repo, string etag) => Path.Combine(RepoFolder(repo), "blobs", EnsureEtag(etag));

    public string LockPath(HubRepo repo, string etag) => Path.Combine(Root, ".locks", repo.FolderName, EnsureEtag(etag) + ".lock");

    public bool IsMarkedMissing(HubRepo repo, string commit, string file) => File.Exists(NoExistPath(repo, commit, file));

    /// <summary>Remembers that the file is not in the repository at that commit (an empty marker, as Python writes).</summary>
    public void MarkMissing(HubRepo repo, string commit, string file)
    {
        var path = NoExistPath(repo, commit, file);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared open: two resolvers marking the same file at once must both succeed (File.Create locks it exclusively).
        using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
    }

    /// <summary>
    /// Points the snapshot's file at its blob with a relative symlink (<c>../../blobs/&lt;etag&gt;</c>, one more
    /// <c>../</c> per folder of the file's path), as huggingface_hub does; copies the blob where symlinks are refused.
    /// </summary>
    public void Link(HubRepo repo, string commit, string file, string etag)
    {
        var link = SnapshotPath(repo, commit, file);
        var blob = BlobPath(repo, etag);
        var folder = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(folder);
        var target = Path.GetRelativePath(folder, blob);
        var existing = new FileInfo(link);
        if (existing.LinkTarget == target) return;
        if (existing.Exists || existing.LinkTarget is not null) existing.Delete();
        try
        {
            File.CreateSymbolicLink(link, target);
        }
        catch (IOException) when (new FileInfo(link).LinkTarget == target)
        {
            // Linked by another process between the delete and the create: the same link, nothing to do.
        }
        catch (UnauthorizedAccessException)
        {
            File.Copy(blob, link, overwrite: true); // a file system without symlinks (Python copies too)
        }
    }

    /// <summary>The repositories of <paramref name="type"/> in the cache with their refs (revision → commit).</summary>
    public IEnumerable<(HubRepo Repo, string Commit)> ListRefs(HubRepoType type)
    {
        if (!Directory.Exists(Root)) yield break;
        string prefix = type == HubRepoType.Dataset ? "datasets--" : "models--";
        foreach (var folder in Directory.EnumerateDirectories(Root, prefix + "*").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(folder)[prefix.Length..].Replace("--", "/", StringComparison.Ordinal);
            if (!HubRepo.TryParse(id, type, out var repo, out _)) continue;
            var refs = Path.Combine(folder, "refs");
            if (!Directory.Exists(refs)) continue;
            foreach (var file in Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var revision = Path.GetRelativePath(refs, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!HubRepo.IsValidRevision(revision)) continue;
                var at = repo.At(revision);
                if (CommitOf(at) is { } commit) yield return (at, commit);
            }
        }
    }

    private string RefPath(HubRepo repo) => Path.Combine(RepoFolder(repo), "refs", Local(repo.Revision));

    private string NoExistPath(HubRepo repo, string commit, string file)
    {
        EnsureCommit(commit);
        return Path.Combine(RepoFolder(repo), ".no_exist", commit, Local(file));
    }

    private static string Local(string relative) =>
        HubRepo.IsValidPath(relative)
            ? relative.Replace('/', Path.DirectorySeparatorChar)
            : throw new ArgumentException($"'{relative}' is not a path inside a repository.");

    private static void EnsureCommit(string commit)
    {
        if (!HubRepo.IsCommitHash(commit)) throw new HubException(HubErrorKind.Http, $"The Hub sent '{commit}' as a commit; a commit is 40 hexadecimal digits.");
    }

    private static string EnsureEtag(string etag) =>
        EtagPattern().IsMatch(etag) ? etag : throw new HubException(HubErrorKind.Http, $"The Hub sent an ETag '{etag}' that cannot name a cached file.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex EtagPattern();
}
