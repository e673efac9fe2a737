namespace FedBpt.Engine.Hub;

/// <summary>
/// The Hub settings in force: <see cref="HubOptions"/> where set, else the variables huggingface_hub reads
/// (<c>constants.py</c>, <c>utils/_auth.py</c>), else its defaults.
/// </summary>
public sealed record HubSettings(Uri Endpoint, string Cache, string? Token, bool Offline, TimeSpan Timeout)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>
    /// Resolves the settings. <paramref name="basePath"/> anchors a relative <see cref="HubOptions.Cache"/>;
    /// <paramref name="environment"/> reads a variable (default: the process environment).
    /// </summary>
    public static HubSettings Resolve(HubOptions? options, string basePath, Func<string, string?>? environment = null)
    {
        options ??= new HubOptions();
        environment ??= Environment.GetEnvironmentVariable;
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;

        var endpointText = (options.Endpoint ?? Env("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/');
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Hub endpoint '{endpointText}' (FedBpt:Hub:Endpoint or HF_ENDPOINT) is not an http(s) address.");

        string home = Expand(Env("HF_HOME")) ?? Path.Combine(Expand(Env("XDG_CACHE_HOME")) ?? Path.Combine(UserHome(), ".cache"), "huggingface");
        string cache = options.Cache is { Length: > 0 } configured
            ? Path.GetFullPath(Path.Combine(basePath, Expand(configured)!))
            : Path.GetFullPath(Expand(Env("HF_HUB_CACHE")) ?? Expand(Env("HUGGINGFACE_HUB_CACHE")) ?? Path.Combine(home, "hub"));

        string? token = Clean(options.Token) ?? Clean(Env("HF_TOKEN")) ?? Clean(Env("HUGGING_FACE_HUB_TOKEN"))
            ?? ReadTokenFile(Expand(Env("HF_TOKEN_PATH")) ?? Path.Combine(home, "token"));
        bool offline = options.Offline ?? (IsTrue(Env("HF_HUB_OFFLINE")) || IsTrue(Env("TRANSFORMERS_OFFLINE")));
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 10);
        return new HubSettings(endpoint, cache, token, offline, timeout);
    }

    /// <summary>huggingface_hub's <c>_is_true</c>: 1, ON, YES or TRUE, in any case.</summary>
    public static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    /// <summary>Whether <paramref name="uri"/> is on the Hub itself (same scheme, host and port): only there is the token sent.</summary>
    public bool IsHub(Uri uri) => Uri.Compare(uri, Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Never printed: a token in a log or an error message is a leaked token.</summary>
    public override string ToString() =>
        $"HubSettings {{ Endpoint = {Endpoint}, Cache = {Cache}, Token = {(Token is null ? "none" : "set")}, Offline = {Offline} }}";

    private static string? ReadTokenFile(string path)
    {
        try
        {
            return File.Exists(path) ? Clean(File.ReadAllText(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Clean(string? token) =>
        token?.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim() is { Length: > 0 } t ? t : null;

    private static string? Expand(string? path) =>
        path is null ? null : path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? UserHome() + path[1..] : path;

    private static string UserHome() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
