using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace FedBpt.Engine.Hub;

/// <summary>What a HEAD on a file's resolve URL says: the commit it is at, its etag and size, and where to fetch it.</summary>
public sealed record HubFileInfo(string Commit, string Etag, long Size, Uri Location);

/// <summary>
/// The Hub's HTTP protocol, as huggingface_hub speaks it (<c>file_download.py</c>, <c>utils/_http.py</c>): a HEAD on
/// <c>{endpoint}/{repo}/resolve/{revision}/{path}</c> with <c>Accept-Encoding: identity</c>, following only relative
/// redirects (a renamed repository); the answer's <c>X-Repo-Commit</c>, <c>X-Linked-Etag</c>/<c>ETag</c> and
/// <c>X-Linked-Size</c>/<c>Content-Length</c>; errors from <c>X-Error-Code</c>. Redirects are followed here, not by
/// the handler, so that the token goes to the Hub's own host only and never to a CDN on another host.
/// </summary>
public sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _http;

    public HubClient(HubSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // a download may take an hour; each request and read has its own timeout
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("fedbpt/1.0");
    }

    public HubSettings Settings { get; }

    public Uri ResolveUrl(HubRepo repo, string file) =>
        new($"{Settings.Endpoint.AbsoluteUri.TrimEnd('/')}/{repo.UrlPath}/resolve/{Uri.EscapeDataString(repo.Revision)}/"
            + string.Join('/', file.Split('/').Select(Uri.EscapeDataString)));

    /// <summary>The file's metadata. <see cref="HubException"/> says why there is none (its kind decides whether the cache may answer instead).</summary>
    public async Task<HubFileInfo> HeadAsync(HubRepo repo, string file, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, ResolveUrl(repo, file), 0, followAbsolute: false, repo, file, cancellationToken);
        var headers = response.Headers;
        string? commit = First(headers, "X-Repo-Commit");
        string? etag = Normalize(First(headers, "X-Linked-Etag") ?? First(headers, "ETag"));
        long? size = long.TryParse(First(headers, "X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var linked) ? linked
            : IsRedirect(response.StatusCode) ? null : response.Content.Headers.ContentLength;
        if (commit is null || etag is null || size is null)
        {
            throw new HubException(HubErrorKind.Http,
                $"{Settings.Endpoint} did not answer like the Hugging Face Hub for '{repo}' {file} (no {(commit is null ? "X-Repo-Commit" : etag is null ? "ETag" : "size")}): "
                + "check HF_ENDPOINT / FedBpt:Hub:Endpoint and any proxy in between.");
        }
        // A redirect to another host is the CDN holding the bytes; a 200 means the resolve URL serves them itself.
        var location = IsRedirect(response.StatusCode) && response.Headers.Location is { } to
            ? new Uri(response.RequestMessage!.RequestUri!, to)
            : response.RequestMessage!.RequestUri!;
        return new HubFileInfo(commit, etag, size.Value, location);
    }

    /// <summary>
    /// Starts a GET of <paramref name="location"/> from byte <paramref name="offset"/> (a Range request when above 0),
    /// following redirects; the caller reads the body and disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> GetAsync(Uri location, long offset, HubRepo repo, string file, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, location, offset, followAbsolute: true, repo, file, cancellationToken);

    /// <summary>A document from the Hub's API, <c>{endpoint}/api/{path}</c> (path already escaped).</summary>
    public async Task<string> GetApiAsync(string path, HubRepo repo, CancellationToken cancellationToken)
    {
        var url = new Uri($"{Settings.Endpoint.AbsoluteUri.TrimEnd('/')}/api/{path}");
        using var response = await SendAsync(HttpMethod.Get, url, 0, followAbsolute: true, repo, path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long offset, bool followAbsolute, HubRepo repo, string file,
        CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            if (Settings.Token is { } token && Settings.IsHub(url)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Unreachable($"no answer within {Settings.Timeout.TotalSeconds:0} s");
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(e.Message, e);
            }

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                bool relative = !location.IsAbsoluteUri;
                if ((relative || followAbsolute) && hop < MaxRedirects)
                {
                    url = new Uri(url, location);
                    response.Dispose();
                    continue;
                }
                if (hop >= MaxRedirects)
                {
                    response.Dispose();
                    throw new HubException(HubErrorKind.Http, $"Too many redirects fetching '{repo}' {file} (last: {url}).");
                }
            }
            if ((int)response.StatusCode < 400) return response;
            using (response) throw ErrorOf(response, repo, file);
        }
    }

    /// <summary>huggingface_hub's <c>hf_raise_for_status</c>: the error code first, then the status.</summary>
    private HubException ErrorOf(HttpResponseMessage response, HubRepo repo, string file)
    {
        string? code = First(response.Headers, "X-Error-Code");
        string detail = First(response.Headers, "X-Error-Message") is { } m ? $" ({m})" : "";
        string where = $"{Settings.Endpoint.AbsoluteUri.TrimEnd('/')}";
        return code switch
        {
            "RevisionNotFound" => new HubException(HubErrorKind.RevisionNotFound, $"'{repo.Id}' has no revision '{repo.Revision}' on {where}."),
            "EntryNotFound" => new HubException(HubErrorKind.EntryNotFound, $"'{repo}' has no file '{file}' on {where}.")
            {
                Commit = First(response.Headers, "X-Repo-Commit"),
            },
            "GatedRepo" => new HubException(HubErrorKind.Gated,
                $"'{repo.Id}' is a gated repository: accept its terms on its page on the Hub, then set HF_TOKEN (or FedBpt:Hub:Token) "
                + $"to an access token of that account{(Settings.Token is null ? "" : "; the token in use has no access")}."),
            _ when code == "RepoNotFound" || response.StatusCode == HttpStatusCode.Unauthorized => new HubException(HubErrorKind.RepoNotFound,
                $"The repository '{repo.Id}' was not found on {where}{(Settings.Token is null ? "" : " with the token in use")}. "
                + "Check the name; a private repository also needs HF_TOKEN (or FedBpt:Hub:Token)."),
            _ when response.StatusCode == HttpStatusCode.NotFound => new HubException(HubErrorKind.EntryNotFound, $"'{repo}' has no file '{file}' on {where}."),
            _ when (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests =>
                Unreachable($"{(int)response.StatusCode} {response.ReasonPhrase}{detail}"),
            _ => new HubException(HubErrorKind.Http, $"{where} answered {(int)response.StatusCode} {response.ReasonPhrase} for '{repo}' {file}{detail}."),
        };
    }

    private HubException Unreachable(string reason, Exception? inner = null) =>
        new(HubErrorKind.Unreachable, $"The Hub at {Settings.Endpoint.AbsoluteUri.TrimEnd('/')} could not be reached ({reason}).", inner);

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>huggingface_hub's <c>_normalize_etag</c>: no weak prefix, no quotes.</summary>
    internal static string? Normalize(string? etag) =>
        etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"') is { Length: > 0 } e ? e : null;

    public void Dispose() => _http.Dispose();
}
