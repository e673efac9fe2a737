using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>
/// The MLflow REST calls a run needs (<c>/api/2.0/mlflow/…</c> and the artifact proxy <c>/api/2.0/mlflow-artifacts/…</c>).
/// Every failure is an <see cref="MlflowException"/> saying whether trying again can help.
/// </summary>
public sealed class MlflowClient(HttpClient http, MlflowSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A NaN fitness is sent as protobuf JSON writes it ("NaN"), not refused by the serializer.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public MlflowSettings Settings { get; } = settings;

    /// <summary>The experiment's id, creating it when it does not exist.</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancel)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var found = await SendAsync(HttpMethod.Get, $"experiments/get-by-name?experiment_name={Uri.EscapeDataString(name)}", null, cancel);
                return found.GetProperty("experiment").GetProperty("experiment_id").GetString()!;
            }
            catch (MlflowException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST" || e.Status == HttpStatusCode.NotFound)
            {
                try
                {
                    var created = await SendAsync(HttpMethod.Post, "experiments/create", new { name }, cancel);
                    return created.GetProperty("experiment_id").GetString()!;
                }
                catch (MlflowException race) when (race.ErrorCode == "RESOURCE_ALREADY_EXISTS" && attempt == 0)
                {
                    // another process created it in between: look it up again
                }
            }
        }
    }

    /// <summary>The active run tagged with <paramref name="runKey"/>, or null.</summary>
    public async Task<MlflowRunInfo?> FindRunAsync(string experimentId, string runKey, CancellationToken cancel)
    {
        var filter = $"tags.`{MlflowRunIdentity.RunKeyTag}` = '{runKey.Replace("'", "\\'", StringComparison.Ordinal)}'";
        var answer = await SendAsync(HttpMethod.Post, "runs/search",
            new { experiment_ids = new[] { experimentId }, filter, max_results = 1 }, cancel);
        return answer.TryGetProperty("runs", out var runs) && runs.GetArrayLength() > 0 ? RunInfo(runs[0]) : null;
    }

    public async Task<MlflowRunInfo> CreateRunAsync(string experimentId, string runName, long startTime,
        IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancel)
    {
        var answer = await SendAsync(HttpMethod.Post, "runs/create", new
        {
            experiment_id = experimentId,
            run_name = runName,
            start_time = startTime,
            tags = tags.Select(t => new { key = t.Key, value = t.Value }),
        }, cancel);
        return RunInfo(answer.GetProperty("run"));
    }

    public Task LogBatchAsync(string runId, MlflowBatch batch, CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, "runs/log-batch", new
        {
            run_id = runId,
            metrics = batch.Metrics.Select(m => new { key = m.Key, value = m.Value, timestamp = m.Timestamp, step = m.Step }),
            @params = batch.Params.Select(p => new { key = p.Key, value = p.Value }),
            tags = batch.Tags.Select(t => new { key = t.Key, value = t.Value }),
        }, cancel);

    public Task UpdateRunAsync(string runId, string status, long? endTime, CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, "runs/update", new { run_id = runId, status, end_time = endTime }, cancel);

    /// <summary>
    /// The artifact-proxy path of a run's artifact root, when the server stores artifacts itself
    /// (<c>mlflow-artifacts:/1/abc/artifacts</c> → <c>1/abc/artifacts</c>); null for roots this client cannot write (s3, file…).
    /// </summary>
    public static string? ProxiedArtifactPath(string? artifactUri)
    {
        const string scheme = "mlflow-artifacts:";
        if (artifactUri is null || !artifactUri.StartsWith(scheme, StringComparison.Ordinal)) return null;
        var rest = artifactUri[scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal)) // mlflow-artifacts://host:port/path: the path is what the proxy takes
            rest = rest.IndexOf('/', 2) is var slash and >= 0 ? rest[slash..] : "";
        return rest.Trim('/');
    }

    /// <summary>Uploads one file through the server's artifact proxy.</summary>
    public async Task UploadArtifactAsync(string artifactPath, string fileName, byte[] content, string contentType, CancellationToken cancel)
    {
        var path = string.Join('/', $"{artifactPath}/{fileName}".Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        await SendRawAsync(HttpMethod.Put, new Uri(Settings.TrackingUri, "api/2.0/mlflow-artifacts/artifacts/" + path), body, cancel);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancel)
    {
        using var content = body is null ? null : JsonContent.Create(body, options: Json);
        var text = await SendRawAsync(method, new Uri(Settings.TrackingUri, "api/2.0/mlflow/" + path), content, cancel);
        if (string.IsNullOrWhiteSpace(text)) return default;
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private async Task<string> SendRawAsync(HttpMethod method, Uri uri, HttpContent? content, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (Settings.Token is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (Settings.Username is { } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Settings.Password}")));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancel);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            throw new MlflowException($"{method} {uri.AbsolutePath}: no answer ({e.Message})", null, null, retryable: true, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancel);
            if (response.IsSuccessStatusCode) return text;
            var (code, message) = ErrorOf(text);
            int status = (int)response.StatusCode;
            throw new MlflowException($"{method} {uri.AbsolutePath}: {status} {code} {message}".TrimEnd(), response.StatusCode, code,
                retryable: status is 408 or 429 or >= 500);
        }
    }

    private static (string? Code, string? Message) ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return (json.RootElement.TryGetProperty("error_code", out var c) ? c.GetString() : null,
                json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }

    private static MlflowRunInfo RunInfo(JsonElement run)
    {
        var info = run.GetProperty("info");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.TryGetProperty("data", out var data) && data.TryGetProperty("params", out var ps))
            foreach (var p in ps.EnumerateArray()) parameters[p.GetProperty("key").GetString()!] = p.GetProperty("value").GetString() ?? "";
        return new MlflowRunInfo(
            info.GetProperty("run_id").GetString()!,
            info.GetProperty("experiment_id").GetString()!,
            info.TryGetProperty("status", out var s) ? s.GetString() ?? MlflowRunStatus.Running : MlflowRunStatus.Running,
            info.TryGetProperty("artifact_uri", out var a) ? a.GetString() : null,
            parameters);
    }
}
