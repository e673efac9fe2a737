using FedBpt.Engine.Configuration;
using FedBpt.Engine.Modeling;

namespace FedBpt.Engine.Hub;

/// <summary>Where a model name led: its folder, and for a Hub model the repository, commit and what this call downloaded.</summary>
public sealed record ResolvedModel(string Name, string Folder, HubRepo? Repo = null, string? Commit = null, int DownloadedFiles = 0, long DownloadedBytes = 0)
{
    public bool FromHub => Repo is not null;
}

/// <summary>
/// Model names → model folders. A folder of that name in a model root wins; otherwise the name is a Hub repository
/// id (<c>org/name</c>, a legacy bare id such as <c>roberta-base</c>, optionally <c>@revision</c>) whose snapshot in the
/// cache is the folder. Only what the engine reads is fetched: <c>config.json</c>, the tokenizer files that exist
/// (<see cref="TokenizerFiles"/>; absent ones are remembered as <c>.no_exist</c> markers) and
/// <c>model.safetensors</c>, else <c>pytorch_model.bin</c>. A cached snapshot that already holds a usable model is
/// used without a request; <c>refresh</c> (<c>fedbpt download</c>) asks the Hub for the revision's latest commit.
/// </summary>
public sealed class HubModels(ContentRoots roots, HubFiles hub)
{
    public const string ConfigFile = "config.json";

    /// <summary>RoBERTa's BPE files, WordPiece's vocabulary, and the tokenizer's settings (lower-casing).</summary>
    public static readonly IReadOnlyList<string> TokenizerFiles = ["vocab.json", "merges.txt", "vocab.txt", "tokenizer_config.json"];

    public HubFiles Hub => hub;

    /// <summary>The folder in a model root called <paramref name="name"/>, or null (also for names that are not folder names).</summary>
    public string? FindLocal(string name) => ContentRoots.IsSafeName(name) ? roots.Find(name) : null;

    /// <summary>Where <paramref name="name"/> is without any request: a model-root folder or a usable cached snapshot; null otherwise.</summary>
    public ResolvedModel? FindCached(string name)
    {
        if (FindLocal(name) is { } folder) return new ResolvedModel(name, folder);
        if (!HubRepo.TryParse(name, HubRepoType.Model, out var repo, out _)) return null;
        return hub.Cache.CommitOf(repo) is { } commit && IsUsable(hub.Cache.SnapshotFolder(repo, commit))
            ? new ResolvedModel(name, hub.Cache.SnapshotFolder(repo, commit), repo, commit)
            : null;
    }

    /// <summary>The model's folder, downloading from the Hub what the cache lacks.</summary>
    /// <exception cref="ArgumentException">The name is neither a model-root folder nor a repository id.</exception>
    /// <exception cref="HubException">The Hub or the cache cannot provide it (the message says why and what to do).</exception>
    public async Task<ResolvedModel> ResolveAsync(string name, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, bool refresh = false)
    {
        if (!refresh && FindCached(name) is { } known) return known;
        if (!HubRepo.TryParse(name, HubRepoType.Model, out var repo, out var error))
        {
            throw new ArgumentException(
                $"Model '{name}' is not a folder in the model roots ({string.Join(", ", roots.Configured)}) and not a Hub repository: {error}");
        }

        // The first file fixes the commit; the rest are asked for at that commit, so the snapshot is one version.
        var config = await hub.ResolveAsync(repo, ConfigFile, progress, cancellationToken);
        var pinned = repo.At(config.Commit);
        var fetched = new List<HubFile> { config };
        HubException? notCached = null;
        foreach (var file in TokenizerFiles)
        {
            if (await TryResolveAsync(pinned, file, e => notCached ??= e, progress, cancellationToken) is { } found) fetched.Add(found);
        }
        HubFile? weights = null;
        foreach (var file in WeightsLoader.WeightFiles)
        {
            weights = await TryResolveAsync(pinned, file, e => notCached ??= e, progress, cancellationToken);
            if (weights is not null) break;
        }
        var folder = hub.Cache.SnapshotFolder(repo, config.Commit);
        if (weights is null)
        {
            throw notCached ?? new HubException(HubErrorKind.EntryNotFound,
                $"'{repo}' has no weights FedBpt can read ({string.Join(" or ", WeightsLoader.WeightFiles)}).");
        }
        fetched.Add(weights);
        if (!HasTokenizer(folder))
            throw notCached ?? new HubException(HubErrorKind.EntryNotFound, $"'{repo}' has no tokenizer FedBpt can read (vocab.json and merges.txt, or vocab.txt).");
        var downloaded = fetched.Where(f => f.DownloadedBytes > 0).ToArray();
        return new ResolvedModel(name, folder, repo, config.Commit, downloaded.Length, downloaded.Sum(f => f.DownloadedBytes));
    }

    /// <summary>A folder the engine can load: config, weights and a tokenizer (optional extras need not be there).</summary>
    public static bool IsUsable(string folder) =>
        File.Exists(Path.Combine(folder, ConfigFile)) && WeightsLoader.FindWeights(folder) is not null && HasTokenizer(folder);

    private static bool HasTokenizer(string folder) =>
        (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")))
        || File.Exists(Path.Combine(folder, "vocab.txt"));

    /// <summary>The file, or null when the repository lacks it or (offline, the Hub out of reach) the cache does not have it.</summary>
    private async Task<HubFile?> TryResolveAsync(HubRepo repo, string file, Action<HubException> notCached, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            return await hub.ResolveAsync(repo, file, progress, cancellationToken);
        }
        catch (HubException e) when (e.Kind == HubErrorKind.EntryNotFound)
        {
            return null;
        }
        catch (HubException e) when (e.Kind == HubErrorKind.NotCached)
        {
            notCached(e); // a cache Python filled has no markers for what it never asked for; only a file the model needs is an error
            return null;
        }
    }
}
