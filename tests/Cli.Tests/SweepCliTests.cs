using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace FedBpt.Cli.Tests;

/// <summary>
/// <c>fedbpt sweep</c> against a stub service that records what it is sent: the flags become the POST /api/sweeps
/// body the service documents, and a refusal is printed field by field. (The service side of a sweep, for real, is
/// in Web.Tests: SweepApiTests and the multi-process test.)
/// </summary>
public sealed class SweepCliTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-cli-sweep-").FullName;
    private readonly ConcurrentQueue<(string Path, string? Auth, string Body)> _requests = new();
    private WebApplication _app = null!;
    private string _url = "";

    /// <summary>What the stub answers to POST /api/sweeps.</summary>
    private (int Status, string Body) _answer = (201, """{"id":7,"experimentIds":[11,12,13,14,15,16]}""");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => listener = o));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _requests.Enqueue((context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(), body));
            context.Response.StatusCode = _answer.Status;
            context.Response.ContentType = _answer.Status == 201 ? "application/json" : "application/problem+json";
            await context.Response.WriteAsync(_answer.Body);
        });
        await _app.StartAsync();
        _url = $"http://127.0.0.1:{listener!.IPEndPoint!.Port}";
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string SpecFile()
    {
        var path = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(path, """{"task":"sst2","model":"tiny-roberta-mlm","numRounds":2}""");
        return path;
    }

    [Fact]
    public void Seeds_and_set_become_the_sweeps_seeds_and_axes()
    {
        var (exit, stdout, stderr) = FedBptCli.Run("sweep", "--spec", SpecFile(), "--seeds", "1,2,3", "--set", "sigma=0.5,1.0",
            "--set", "catOrAdd=add,cat", "--queue", "gpu", "--server", _url, "--token", "s3cret");

        Assert.True(exit == 0, stderr);
        var (path, auth, body) = Assert.Single(_requests);
        Assert.Equal(("/api/sweeps", "Bearer s3cret"), (path, auth));
        var request = JsonNode.Parse(body)!;
        Assert.Equal("tiny", request["name"]!.GetValue<string>());
        Assert.Equal(2, request["spec"]!["numRounds"]!.GetValue<int>());
        Assert.Equal([1L, 2L, 3L], request["seeds"]!.AsArray().Select(s => s!.GetValue<long>()));
        Assert.Equal([0.5, 1.0], request["axes"]!["sigma"]!.AsArray().Select(s => s!.GetValue<double>()));
        Assert.Equal(["add", "cat"], request["axes"]!["catOrAdd"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("gpu", request["queue"]!.GetValue<string>());
        Assert.Contains("sweep 7: 6 runs queued (experiments 11, 12, 13, 14, 15, 16)", stdout, StringComparison.Ordinal);
        Assert.Contains($"{_url}/sweeps/7", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_sweep_is_reported_field_by_field_with_exit_code_2()
    {
        _answer = (400, """{"title":"One or more validation errors occurred.","status":400,"errors":{"sigma":["sigma=-1 · seed=1: must be positive."]}}""");

        var (exit, _, stderr) = FedBptCli.Run("sweep", "--spec", SpecFile(), "--seeds", "1", "--set", "sigma=-1", "--server", _url);

        Assert.Equal(2, exit);
        Assert.Contains("sigma: sigma=-1 · seed=1: must be positive.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--set", "sigma", "--set 'sigma': expected key=value1,value2")]
    [InlineData("--seeds", "1,two", "--seeds: 'two' is not a whole number")]
    public void Malformed_flags_are_refused_before_anything_is_sent(string flag, string value, string message)
    {
        var (exit, _, stderr) = FedBptCli.Run("sweep", "--spec", SpecFile(), flag, value, "--server", _url);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Empty(_requests);
    }

    [Fact]
    public void No_service_at_the_address_is_said_plainly()
    {
        var (exit, _, stderr) = FedBptCli.Run("sweep", "--spec", SpecFile(), "--seeds", "1", "--server", "http://127.0.0.1:9");

        Assert.Equal(2, exit);
        Assert.Contains("no FedBpt service answers at http://127.0.0.1:9/", stderr, StringComparison.Ordinal);
    }
}
