using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBpt.Tests.Common.Mlflow;

/// <summary>A call the stub received: method, path (with query) and body.</summary>
public sealed record StubCall(string Method, string Path, string Body, string? Authorization)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>
/// An MLflow tracking server on a loopback port, in memory, for the tests: the REST calls a FedBpt run makes, with
/// MLflow's answers and limits (1000 metrics / 100 params / 100 tags per log-batch, immutable params), the artifact
/// proxy, and a switch that makes every call answer 503 until it is turned off. Every call is recorded.
/// </summary>
public sealed partial class StubMlflowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _experiments = []; // name → id
    private readonly Dictionary<string, StubRun> _runs = [];

    private StubMlflowServer(WebApplication app) => _app = app;

    public Uri Uri { get; private set; } = null!;

    /// <summary>While true every call answers 503 (it is still recorded in <see cref="Refused"/>).</summary>
    public bool Unavailable { get; set; }

    /// <summary>While true a log-batch with metrics is refused with 400 (as MLflow refuses a malformed one).</summary>
    public bool RefuseMetrics { get; set; }

    /// <summary>Artifact root of new runs: the artifact proxy by default; set e.g. "s3://bucket" for a server without it.</summary>
    public string ArtifactRoot { get; set; } = "mlflow-artifacts:";

    public ConcurrentQueue<StubCall> Calls { get; } = new();
    public ConcurrentQueue<StubCall> Refused { get; } = new();
    public ConcurrentDictionary<string, byte[]> Artifacts { get; } = new();

    public IReadOnlyList<StubRun> Runs
    {
        get { lock (_gate) return _runs.Values.ToArray(); }
    }

    public static async Task<StubMlflowServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubMlflowServer(app);
        app.Use(stub.RecordAsync);
        app.MapGet("/api/2.0/mlflow/experiments/get-by-name", (string experiment_name) => stub.GetExperiment(experiment_name));
        app.MapPost("/api/2.0/mlflow/experiments/create", (JsonObject body) => stub.CreateExperiment(body));
        app.MapPost("/api/2.0/mlflow/runs/search", (JsonObject body) => stub.Search(body));
        app.MapPost("/api/2.0/mlflow/runs/create", (JsonObject body) => stub.CreateRun(body));
        app.MapPost("/api/2.0/mlflow/runs/log-batch", (JsonObject body) => stub.LogBatch(body));
        app.MapPost("/api/2.0/mlflow/runs/update", (JsonObject body) => stub.Update(body));
        app.MapPut("/api/2.0/mlflow-artifacts/artifacts/{**path}", async (string path, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            stub.Artifacts[path] = buffer.ToArray();
            return Results.Json(new { });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Uri = new Uri(address + "/");
        return stub;
    }

    /// <summary>The calls to one MLflow endpoint (e.g. "runs/log-batch"), in order.</summary>
    public StubCall[] CallsTo(string endpoint) => Calls.Where(c => c.Path.Split('?')[0].EndsWith("/" + endpoint, StringComparison.Ordinal)).ToArray();

    /// <summary>Waits (without asserting on time) until <paramref name="condition"/> holds; fails after a minute.</summary>
    public async Task WaitUntilAsync(Func<StubMlflowServer, bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); !condition(this);)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The stub MLflow server did not see what the test waited for.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        string body = "";
        if (!context.Request.Path.StartsWithSegments("/api/2.0/mlflow-artifacts"))
        {
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
        }
        var call = new StubCall(context.Request.Method, context.Request.Path + context.Request.QueryString, body, context.Request.Headers.Authorization);
        if (Unavailable)
        {
            Refused.Enqueue(call);
            context.Response.StatusCode = 503;
            return;
        }
        Calls.Enqueue(call);
        await next(context);
    }

    private IResult GetExperiment(string name)
    {
        lock (_gate)
            return _experiments.TryGetValue(name, out var id)
                ? Results.Json(new { experiment = new { experiment_id = id, name, lifecycle_stage = "active" } })
                : Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
    }

    private IResult CreateExperiment(JsonObject body)
    {
        var name = (string)body["name"]!;
        lock (_gate)
        {
            if (_experiments.ContainsKey(name)) return Error(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", name);
            var id = (_experiments.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _experiments[name] = id;
            return Results.Json(new { experiment_id = id });
        }
    }

    private IResult Search(JsonObject body)
    {
        var experiments = body["experiment_ids"]!.AsArray().Select(e => (string)e!).ToHashSet();
        var filter = TagFilter().Match((string?)body["filter"] ?? "");
        if (!filter.Success) return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "unsupported filter");
        lock (_gate)
        {
            var hits = _runs.Values.Where(r => experiments.Contains(r.ExperimentId)
                && r.Tags.TryGetValue(filter.Groups["key"].Value, out var v) && v == filter.Groups["value"].Value);
            return Results.Json(new { runs = hits.Select(r => r.ToJson()).ToArray() });
        }
    }

    private IResult CreateRun(JsonObject body)
    {
        lock (_gate)
        {
            var run = new StubRun
            {
                RunId = Guid.NewGuid().ToString("N"),
                ExperimentId = (string)body["experiment_id"]!,
                RunName = (string?)body["run_name"],
                StartTime = (long)body["start_time"]!,
                Status = "RUNNING",
            };
            run.ArtifactUri = $"{ArtifactRoot}/{run.ExperimentId}/{run.RunId}/artifacts";
            foreach (var tag in body["tags"]?.AsArray() ?? []) run.Tags[(string)tag!["key"]!] = (string)tag["value"]!;
            _runs[run.RunId] = run;
            return Results.Json(new { run = run.ToJson() });
        }
    }

    private IResult LogBatch(JsonObject body)
    {
        var metrics = body["metrics"]?.AsArray() ?? [];
        var parameters = body["params"]?.AsArray() ?? [];
        var tags = body["tags"]?.AsArray() ?? [];
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
            return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics, 100 params and 100 tags");
        if (RefuseMetrics && metrics.Count > 0) return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "refused by the test");
        lock (_gate)
        {
            if (!_runs.TryGetValue((string)body["run_id"]!, out var run)) return Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "run");
            foreach (var p in parameters)
            {
                string key = (string)p!["key"]!, value = (string)p["value"]!;
                if (run.Params.TryGetValue(key, out var old) && old != value)
                    return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{key}'");
                run.Params[key] = value;
            }
            foreach (var m in metrics)
                run.Metrics.Add(((string)m!["key"]!, (double)m["value"]!, (long)m["timestamp"]!, (long)m["step"]!));
            return Results.Json(new { });
        }
    }

    private IResult Update(JsonObject body)
    {
        lock (_gate)
        {
            var run = _runs[(string)body["run_id"]!];
            run.Status = (string)body["status"]!;
            run.StatusHistory.Add(run.Status);
            run.EndTime = (long?)body["end_time"];
            return Results.Json(new { run_info = new { run_id = run.RunId, status = run.Status } });
        }
    }

    private static IResult Error(HttpStatusCode status, string code, string message) =>
        Results.Json(new { error_code = code, message }, statusCode: (int)status);

    [GeneratedRegex(@"^tags\.`(?<key>[^`]+)` = '(?<value>[^']*)'$")]
    private static partial Regex TagFilter();
}

/// <summary>A run as the stub stores it.</summary>
public sealed class StubRun
{
    public required string RunId { get; init; }
    public required string ExperimentId { get; init; }
    public string? RunName { get; init; }
    public long StartTime { get; init; }
    public long? EndTime { get; set; }
    public required string Status { get; set; }
    public List<string> StatusHistory { get; } = [];
    public string ArtifactUri { get; set; } = "";
    public Dictionary<string, string> Tags { get; } = [];
    public Dictionary<string, string> Params { get; } = [];
    public List<(string Key, double Value, long Timestamp, long Step)> Metrics { get; } = [];

    public object ToJson() => new
    {
        info = new { run_id = RunId, experiment_id = ExperimentId, run_name = RunName, status = Status, start_time = StartTime, artifact_uri = ArtifactUri },
        data = new
        {
            @params = Params.Select(p => new { key = p.Key, value = p.Value }).ToArray(),
            tags = Tags.Select(t => new { key = t.Key, value = t.Value }).ToArray(),
        },
    };
}
