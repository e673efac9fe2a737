using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace FedBpt.Engine.Hub;

/// <summary>A file of a repository in the cache: its snapshot path, the commit it is at, and the bytes this call downloaded (0: from the cache).</summary>
public sealed record HubFile(string Path, string Commit, long DownloadedBytes);

/// <summary>
/// One file from the Hub into the cache — huggingface_hub's <c>hf_hub_download</c> to the cache folder: a commit
/// that is already in a snapshot is used without a request; otherwise a HEAD gives the commit and etag, the blob is
/// downloaded once under the etag's lock into <c>blobs/&lt;etag&gt;.&lt;random&gt;.incomplete</c>, resumed with a Range
/// request when the connection drops, checked (size; SHA-256 for LFS files, whose etag is their SHA-256) and renamed
/// into place; then the snapshot links to it and <c>refs/&lt;revision&gt;</c> records the commit. Offline, or when the
/// Hub cannot be reached or refuses, the cache answers if it can.
/// </summary>
public sealed partial class HubFiles(HubClient client, HubCache cache)
{
    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public HubSettings Settings => client.Settings;
    public HubClient Client => client;
    public HubCache Cache => cache;

    /// <summary>The file, from the cache or the Hub. A file the repository lacks is a <see cref="HubErrorKind.EntryNotFound"/>.</summary>
    public async Task<HubFile> ResolveAsync(HubRepo repo, string file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (repo.IsCommit)
        {
            // A commit never changes: what its snapshot holds, or is known to lack, needs no request.
            var pointer = cache.SnapshotPath(repo, repo.Revision, file);
            if (File.Exists(pointer)) return new HubFile(pointer, repo.Revision, 0);
            if (cache.IsMarkedMissing(repo, repo.Revision, file)) throw Missing(repo, file);
        }
        if (Settings.Offline) return FromCache(repo, file, cause: null);

        HubFileInfo info;
        try
        {
            info = await client.HeadAsync(repo, file, cancellationToken);
        }
        catch (HubException e) when (e.Kind == HubErrorKind.EntryNotFound)
        {
            if (e.Commit is { } commit && HubRepo.IsCommitHash(commit))
            {
                cache.MarkMissing(repo, commit, file);
                cache.WriteRef(repo, commit);
            }
            throw;
        }
        catch (HubException e) when (e.Kind is HubErrorKind.Unreachable or HubErrorKind.RepoNotFound or HubErrorKind.Gated)
        {
            return FromCache(repo, file, e); // as Python does: a cached copy still serves when the Hub is down or refuses
        }
        return await FetchAsync(repo, file, info, progress, cancellationToken);
    }

    private async Task<HubFile> FetchAsync(HubRepo repo, string file, HubFileInfo info, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var pointer = cache.SnapshotPath(repo, info.Commit, file);
        var blob = cache.BlobPath(repo, info.Etag);
        cache.WriteRef(repo, info.Commit);
        if (File.Exists(pointer)) return new HubFile(pointer, info.Commit, 0);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        long downloaded = 0;
        using (await CacheLock.AcquireAsync(cache.LockPath(repo, info.Etag), cancellationToken))
        {
            // Whoever held the lock before may have written the blob meanwhile: then it is only linked.
            if (!File.Exists(blob)) downloaded = await DownloadBlobAsync(repo, file, info, blob, progress, cancellationToken);
            if (!File.Exists(pointer)) cache.Link(repo, info.Commit, file, info.Etag);
        }
        return new HubFile(pointer, info.Commit, downloaded);
    }

    private async Task<long> DownloadBlobAsync(HubRepo repo, string file, HubFileInfo info, string blob, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var temp = $"{blob}.{Guid.NewGuid().ToString("N")[..8]}.incomplete";
        var meter = new ProgressMeter(progress, repo.Id, file, info.Size);
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                int failures = 0;
                while (true)
                {
                    long offset = output.Length;
                    try
                    {
                        await TransferAsync(repo, file, info, output, meter, cancellationToken);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e))
                    {
                        failures = output.Length > offset ? 1 : failures + 1; // progress resets the count, as in Python
                        if (failures >= Attempts)
                        {
                            throw new HubException(HubErrorKind.Unreachable,
                                $"The download of '{repo}' {file} stopped at {output.Length:N0} of {info.Size:N0} bytes: {e.Message}", e);
                        }
                        await Task.Delay(RetryDelay, cancellationToken);
                        continue;
                    }
                    if (output.Length >= info.Size) break;
                    failures++; // the body ended early without an error: resume the same way
                    if (failures >= Attempts)
                        throw new HubException(HubErrorKind.Unreachable, $"The download of '{repo}' {file} keeps ending at {output.Length:N0} of {info.Size:N0} bytes.");
                }
                if (output.Length != info.Size)
                {
                    throw new HubException(HubErrorKind.Corrupt,
                        $"The download of '{repo}' {file} has {output.Length:N0} bytes, but the Hub announced {info.Size:N0}; it was discarded. Try again.");
                }
                if (Sha256Pattern().IsMatch(info.Etag))
                {
                    output.Position = 0;
                    var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(output, cancellationToken));
                    if (sha != info.Etag.ToLowerInvariant())
                    {
                        throw new HubException(HubErrorKind.Corrupt,
                            $"The download of '{repo}' {file} has SHA-256 {sha}, but the Hub announced {info.Etag}; it was discarded. "
                            + "Try again; if it persists, something between here and the Hub changes the file.");
                    }
                }
            }
            try
            {
                File.Move(temp, blob);
            }
            catch (IOException) when (File.Exists(blob))
            {
                // Another process wrote the same blob without honouring the lock: the bytes are the same.
            }
            meter.Complete();
            return info.Size;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>One GET from where the file stands (a Range request when part of it is on disk).</summary>
    private async Task TransferAsync(HubRepo repo, string file, HubFileInfo info, FileStream output, ProgressMeter meter, CancellationToken cancellationToken)
    {
        long offset = output.Length;
        using var response = await client.GetAsync(info.Location, offset, repo, file, cancellationToken);
        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            output.SetLength(0); // the server ignored the Range: start over rather than append the whole file again
            offset = 0;
        }
        else if (offset > 0 && response.Content.Headers.ContentRange?.From != offset)
        {
            throw new HubException(HubErrorKind.Http, $"The Hub resumed '{repo}' {file} at the wrong byte ({response.Content.Headers.ContentRange}, asked {offset}).");
        }
        output.Position = offset;
        meter.Bytes = offset;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (true)
            {
                stall.CancelAfter(Settings.Timeout); // a connection that stops sending counts as dropped
                int read = await body.ReadAsync(buffer, stall.Token);
                if (read == 0) break;
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                meter.Add(read);
                if (output.Length > info.Size)
                {
                    throw new HubException(HubErrorKind.Corrupt,
                        $"The download of '{repo}' {file} is longer than the {info.Size:N0} bytes the Hub announced; it was discarded. Try again.");
                }
            }
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HubFile FromCache(HubRepo repo, string file, HubException? cause)
    {
        var commit = cache.CommitOf(repo);
        if (commit is not null)
        {
            var pointer = cache.SnapshotPath(repo, commit, file);
            if (File.Exists(pointer)) return new HubFile(pointer, commit, 0);
            if (cache.IsMarkedMissing(repo, commit, file)) throw Missing(repo, file);
        }
        if (cause is { Kind: HubErrorKind.RepoNotFound or HubErrorKind.Gated }) throw cause;
        var looked = commit is null
            ? $"{cache.RepoFolder(repo)} (no refs/{repo.Revision} there)"
            : cache.SnapshotPath(repo, commit, file);
        throw new HubException(HubErrorKind.NotCached, cause is null
            ? $"Offline (HF_HUB_OFFLINE or FedBpt:Hub:Offline) and '{repo}' {file} is not in the cache: looked for {looked}. "
                + $"Run `fedbpt download {repo}` where the Hub can be reached (the cache can be copied), or turn offline mode off."
            : $"{cause.Message} '{repo}' {file} is not in the cache either: looked for {looked}.", cause);
    }

    private HubException Missing(HubRepo repo, string file) =>
        new(HubErrorKind.EntryNotFound, $"'{repo}' has no file '{file}' (known from the cache's .no_exist marker).");

    private static bool IsTransient(Exception e) =>
        e is IOException or HttpRequestException or OperationCanceledException or HubException { Kind: HubErrorKind.Unreachable };

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
