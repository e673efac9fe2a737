namespace FedBpt.Engine.Hub;

/// <summary>Why something could not be had from the Hub or its cache.</summary>
public enum HubErrorKind
{
    /// <summary>No such repository, or a private one without a token that may read it.</summary>
    RepoNotFound,
    RevisionNotFound,
    EntryNotFound,
    /// <summary>The repository needs its terms accepted and a token.</summary>
    Gated,
    /// <summary>No answer from the Hub: connection refused or dropped, a timeout, a server error (5xx).</summary>
    Unreachable,
    /// <summary>Offline, or the Hub could not be reached, and the cache does not hold it.</summary>
    NotCached,
    /// <summary>The Hub answered with an error that is none of the above.</summary>
    Http,
    /// <summary>A download was not the file the Hub announced (size or SHA-256).</summary>
    Corrupt,
}

/// <summary>A Hub or cache failure, with a message meant for the user (it names the repository and what to do).</summary>
public sealed class HubException(HubErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public HubErrorKind Kind { get; } = kind;

    /// <summary>For <see cref="HubErrorKind.EntryNotFound"/>: the commit the Hub looked at (from <c>X-Repo-Commit</c>), if it said.</summary>
    public string? Commit { get; init; }
}
