using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace FedBpt.Tests.Common.Hub;

/// <summary>A request the stub answered: which host ("hub" or "cdn"), the method, the raw target and the headers that matter.</summary>
public sealed record StubRequest(string Host, string Method, string Target, string? Authorization, string? Range);

/// <summary>
/// An in-process Hugging Face Hub on loopback, answering with the real Hub's headers: <c>resolve</c> HEAD/GET with
/// <c>X-Repo-Commit</c>, <c>ETag</c> (git SHA-1 of small files), LFS files (<c>.safetensors</c>, <c>.bin</c>,
/// <c>.parquet</c>) redirected to a "CDN" on another host name and port with <c>X-Linked-Etag</c> (their SHA-256) and
/// <c>X-Linked-Size</c>; <c>X-Error-Code</c> for missing repositories, revisions and files and for gated repositories;
/// relative redirects for renamed repositories; the Parquet listing API. Faults on demand: a connection dropped half-way,
/// corrupted bytes, a slow transfer. Every request is recorded.
/// </summary>
public sealed class StubHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StubRepo> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _renamed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _dropAfter = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _corrupt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _slow = new(StringComparer.Ordinal);
    private readonly ListenOptions[] _listeners = new ListenOptions[2];

    private StubHub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => _listeners[0] = o);
            k.Listen(IPAddress.Loopback, 0, o => _listeners[1] = o);
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The Hub: http://127.0.0.1:port.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The CDN holding LFS blobs: another host name (localhost) on another port.</summary>
    public Uri Cdn { get; private set; } = null!;

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    /// <summary>Only this token opens gated repositories (and is what the client should send to the Hub).</summary>
    public string Token { get; set; } = "hf_stub_token";

    /// <summary>Whether <c>/api/datasets/.../parquet/...</c> answers (off: 404, to exercise the fallback path).</summary>
    public bool ListingEnabled { get; set; } = true;

    public static async Task<StubHub> StartAsync()
    {
        var hub = new StubHub();
        await hub._app.StartAsync();
        hub.Endpoint = new Uri($"http://127.0.0.1:{hub._listeners[0].IPEndPoint!.Port}");
        hub.Cdn = new Uri($"http://localhost:{hub._listeners[1].IPEndPoint!.Port}");
        return hub;
    }

    /// <summary>Adds (or replaces) a model repository with these files at a new commit, reachable as <c>main</c>.</summary>
    public StubRepo AddModel(string id, IReadOnlyDictionary<string, byte[]> files, bool gated = false) => Add("model", id, "main", files, gated);

    public StubRepo AddModelFolder(string id, string folder, params string[] names) =>
        AddModel(id, names.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(folder, n))));

    /// <summary>Adds a dataset repository whose files sit at <paramref name="revision"/> (e.g. refs/convert/parquet).</summary>
    public StubRepo AddDataset(string id, string revision, IReadOnlyDictionary<string, byte[]> files) => Add("dataset", id, revision, files, gated: false);

    /// <summary>Requests for <paramref name="oldId"/> are answered with a relative redirect to <paramref name="newId"/>.</summary>
    public void Rename(string oldId, string newId) => _renamed[oldId] = newId;

    /// <summary>The next download of this content stops after <paramref name="bytes"/> bytes with the connection reset.</summary>
    public void DropOnce(byte[] content, int bytes) => _dropAfter[Sha256(content)] = bytes;

    /// <summary>Every download of this content is served with one byte changed (its announced SHA-256 stays the true one).</summary>
    public void Corrupt(byte[] content) => _corrupt[Sha256(content)] = true;

    /// <summary>Downloads of this content are sent in 16 pieces with a pause between them.</summary>
    public void Slow(byte[] content, TimeSpan pause) => _slow[Sha256(content)] = pause;

    public int Count(Func<StubRequest, bool> predicate) => Requests.Count(predicate);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Git's blob id (the Hub's etag of a file kept in git): SHA-1 of "blob {length}\0" and the bytes.</summary>
    public static string GitSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public static bool IsLfs(string path) => Path.GetExtension(path) is ".safetensors" or ".bin" or ".parquet";

    public static string EtagOf(string path, byte[] content) => IsLfs(path) ? Sha256(content) : GitSha1(content);

    private StubRepo Add(string type, string id, string revision, IReadOnlyDictionary<string, byte[]> files, bool gated)
    {
        var repo = new StubRepo(type, id, revision, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), files, gated);
        foreach (var (path, content) in files.Where(f => IsLfs(f.Key))) _blobs[Sha256(content)] = content;
        _repos[Key(type, id)] = repo;
        return repo;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        bool cdn = context.Connection.LocalPort == Cdn.Port;
        Requests.Enqueue(new StubRequest(cdn ? "cdn" : "hub", context.Request.Method, target,
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Range.FirstOrDefault()));
        var segments = target.Split('?')[0].Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (cdn)
        {
            if (segments is ["blobs", var sha] && _blobs.TryGetValue(sha, out var blob)) await SendAsync(context, blob, sha);
            else context.Response.StatusCode = 404;
            return;
        }
        if (segments is ["api", "datasets", .. var rest]) await ListParquetAsync(context, rest);
        else await ResolveAsync(context, segments);
    }

    private async Task ResolveAsync(HttpContext context, string[] segments)
    {
        int resolve = Array.IndexOf(segments, "resolve");
        if (resolve < 1 || resolve + 2 >= segments.Length)
        {
            context.Response.StatusCode = 404;
            return;
        }
        string type = segments[0] == "datasets" ? "dataset" : "model";
        string id = string.Join('/', segments[(type == "dataset" ? 1 : 0)..resolve]);
        string revision = segments[resolve + 1];
        string path = string.Join('/', segments[(resolve + 2)..]);
        var response = context.Response;

        if (_renamed.TryGetValue(id, out var newId))
        {
            response.StatusCode = 307;
            response.Headers.Location = $"/{(type == "dataset" ? "datasets/" : "")}{newId}/resolve/{Uri.EscapeDataString(revision)}/{path}";
            return;
        }
        if (!_repos.TryGetValue(Key(type, id), out var repo))
        {
            Error(response, 401, "RepoNotFound", "Repository not found");
            return;
        }
        if (repo.Gated && context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {Token}")
        {
            Error(response, 401, "GatedRepo", "Access to this repository is restricted");
            return;
        }
        if (revision != repo.Revision && revision != repo.Commit)
        {
            Error(response, 404, "RevisionNotFound", "Invalid rev id");
            return;
        }
        response.Headers["X-Repo-Commit"] = repo.Commit;
        if (!repo.Files.TryGetValue(path, out var content))
        {
            Error(response, 404, "EntryNotFound", "Entry not found");
            return;
        }
        if (IsLfs(path))
        {
            var sha = Sha256(content);
            response.StatusCode = 302;
            response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
            response.Headers["X-Linked-Size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers.ETag = $"\"{GitSha1(Encoding.ASCII.GetBytes("pointer " + sha))}\"";
            response.Headers.Location = new Uri(Cdn, $"/blobs/{sha}").AbsoluteUri;
            return;
        }
        response.Headers.ETag = $"\"{GitSha1(content)}\"";
        await SendAsync(context, content, key: null);
    }

    private async Task ListParquetAsync(HttpContext context, string[] rest)
    {
        // api/datasets/{id...}/parquet/{config}/{split}
        int parquet = Array.LastIndexOf(rest, "parquet");
        if (!ListingEnabled || parquet < 1 || parquet + 3 != rest.Length
            || !_repos.TryGetValue(Key("dataset", string.Join('/', rest[..parquet])), out var repo))
        {
            Error(context.Response, 404, "RepoNotFound", "Not found");
            return;
        }
        string prefix = $"{rest[parquet + 1]}/{rest[parquet + 2]}/";
        var shards = repo.Files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => int.Parse(Path.GetFileNameWithoutExtension(k), System.Globalization.CultureInfo.InvariantCulture))
            .Select(n => $"{Endpoint.AbsoluteUri.TrimEnd('/')}/api/datasets/{repo.Id}/parquet/{prefix}{n}.parquet").ToArray();
        if (shards.Length == 0)
        {
            Error(context.Response, 404, "EntryNotFound", "No such split");
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(shards));
    }

    /// <summary>The bytes, honouring a Range request, with the faults set for this content.</summary>
    private async Task SendAsync(HttpContext context, byte[] content, string? key)
    {
        var response = context.Response;
        string sha = key ?? Sha256(content);
        response.Headers.AcceptRanges = "bytes";
        long from = 0;
        if (context.Request.Headers.Range.FirstOrDefault() is { } range && range.StartsWith("bytes=", StringComparison.Ordinal)
            && long.TryParse(range["bytes=".Length..].TrimEnd('-'), out from) && from > 0)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength = content.Length - from;
        if (HttpMethods.IsHead(context.Request.Method)) return;

        var body = content.AsMemory((int)from);
        if (_corrupt.ContainsKey(sha))
        {
            var copy = body.ToArray();
            copy[copy.Length / 2] ^= 0xFF;
            body = copy;
        }
        if (_dropAfter.TryRemove(sha, out int drop) && drop < body.Length)
        {
            await response.Body.WriteAsync(body[..drop]);
            await response.Body.FlushAsync();
            context.Abort(); // the connection is reset half-way
            return;
        }
        if (_slow.TryGetValue(sha, out var pause))
        {
            int piece = Math.Max(1, body.Length / 16);
            for (int at = 0; at < body.Length; at += piece)
            {
                await response.Body.WriteAsync(body[at..Math.Min(body.Length, at + piece)]);
                await response.Body.FlushAsync();
                await Task.Delay(pause);
            }
            return;
        }
        await response.Body.WriteAsync(body);
    }

    private static void Error(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.Headers["X-Error-Code"] = code;
        response.Headers["X-Error-Message"] = message;
    }

    private static string Key(string type, string id) => $"{type}:{id}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A repository on the stub: its files at one commit, reachable by <see cref="Revision"/> or by the commit.</summary>
public sealed record StubRepo(string Type, string Id, string Revision, string Commit, IReadOnlyDictionary<string, byte[]> Files, bool Gated);
