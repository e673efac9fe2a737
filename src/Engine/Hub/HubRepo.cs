using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FedBpt.Engine.Hub;

public enum HubRepoType
{
    Model,
    Dataset,
}

/// <summary>
/// A repository on the Hugging Face Hub at a revision: <c>org/name</c> (or a legacy bare <c>name</c>) with an
/// optional <c>@revision</c>. Ids follow the Hub's own rules (huggingface_hub <c>validate_repo_id</c>: letters, digits,
/// '-', '_', '.', one optional '/', no "--" or "..", no leading or trailing '-' or '.', at most 96 characters per
/// part), and a revision is a branch, tag or commit made of such parts — so neither can climb out of the cache.
/// </summary>
public sealed partial record HubRepo
{
    public const string DefaultRevision = "main";

    private HubRepo(HubRepoType type, string id, string revision) => (Type, Id, Revision) = (type, id, revision);

    public HubRepoType Type { get; }
    public string Id { get; }
    public string Revision { get; }

    /// <summary>The repository's folder in the cache: <c>models--org--name</c> or <c>datasets--org--name</c>.</summary>
    public string FolderName => $"{(Type == HubRepoType.Dataset ? "datasets" : "models")}--{Id.Replace("/", "--", StringComparison.Ordinal)}";

    /// <summary>The id as it appears in a URL path (<c>datasets/org/name</c> for datasets).</summary>
    public string UrlPath => Type == HubRepoType.Dataset ? "datasets/" + Id : Id;

    /// <summary>Whether the revision is a full commit hash (then no ref is needed to find its snapshot).</summary>
    public bool IsCommit => IsCommitHash(Revision);

    public HubRepo At(string revision) =>
        IsValidRevision(revision) ? new HubRepo(Type, Id, revision) : throw new ArgumentException(RevisionError(revision));

    /// <summary><c>org/name</c>, with <c>@revision</c> unless it is <c>main</c>.</summary>
    public override string ToString() => Revision == DefaultRevision ? Id : $"{Id}@{Revision}";

    public static HubRepo Parse(string text, HubRepoType type = HubRepoType.Model) =>
        TryParse(text, type, out var repo, out var error) ? repo : throw new ArgumentException(error);

    public static bool TryParse(string? text, HubRepoType type, [NotNullWhen(true)] out HubRepo? repo, [NotNullWhen(false)] out string? error)
    {
        repo = null;
        text ??= "";
        int at = text.IndexOf('@', StringComparison.Ordinal);
        string id = at < 0 ? text : text[..at];
        string revision = at < 0 ? DefaultRevision : text[(at + 1)..];
        if (!IsValidId(id))
        {
            error = $"'{text}' is not a Hugging Face repository id: use org/name or name (letters, digits, '-', '_', '.'; "
                + "no '--' or '..', not starting or ending with '-' or '.', at most 96 characters), optionally with @revision.";
            return false;
        }
        if (!IsValidRevision(revision))
        {
            error = RevisionError(revision);
            return false;
        }
        repo = new HubRepo(type, id, revision);
        error = null;
        return true;
    }

    public static bool IsValidId(string id) =>
        id.Length > 0 && IdPattern().IsMatch(id) && !id.Contains("--", StringComparison.Ordinal)
        && !id.Contains("..", StringComparison.Ordinal) && !id.EndsWith(".git", StringComparison.Ordinal);

    /// <summary>A branch, tag or commit: parts of letters, digits, '-', '_', '.' joined by '/', no part "." or "..".</summary>
    public static bool IsValidRevision(string revision) =>
        revision.Length is > 0 and <= 200 && revision.Split('/').All(part => PartPattern().IsMatch(part) && part is not ("." or ".."));

    /// <summary>A path inside a repository, by the same rule as a revision (the files this code asks for are its own).</summary>
    public static bool IsValidPath(string path) => IsValidRevision(path);

    public static bool IsCommitHash(string revision) => CommitPattern().IsMatch(revision);

    private static string RevisionError(string revision) =>
        $"'{revision}' is not a revision: use a branch, tag or commit (letters, digits, '-', '_', '.', parts joined by '/').";

    // huggingface_hub's REPO_ID_REGEX with ASCII word characters: each part starts and ends with a letter, digit or '_'.
    [GeneratedRegex(@"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?/)?[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$")]
    private static partial Regex PartPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}
