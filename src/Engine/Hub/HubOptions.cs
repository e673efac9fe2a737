namespace FedBpt.Engine.Hub;

/// <summary>
/// The <c>FedBpt:Hub</c> configuration section. Every value is optional: one left unset takes the Hugging Face
/// environment variable (<c>HF_ENDPOINT</c>, <c>HF_HUB_CACHE</c>/<c>HF_HOME</c>, <c>HF_TOKEN</c>,
/// <c>HF_HUB_OFFLINE</c>) and then the Hub's default, so FedBpt shares the cache and settings of the user's Python tools.
/// </summary>
public sealed class HubOptions
{
    /// <summary>The Hub's address; default <c>HF_ENDPOINT</c>, else https://huggingface.co.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The cache folder; default <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else ~/.cache/huggingface/hub.</summary>
    public string? Cache { get; set; }

    /// <summary>An access token for gated or private repositories; default <c>HF_TOKEN</c>, then the token file.</summary>
    public string? Token { get; set; }

    /// <summary>No network: resolve from the cache only; default <c>HF_HUB_OFFLINE</c>.</summary>
    public bool? Offline { get; set; }

    /// <summary>Seconds to wait for the Hub to answer a request (not for a whole download).</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
