using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using FedBpt.Storage.Entities;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Hub;
using FedBpt.Web.Catalog;
using FedBpt.Web.Hub;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FedBpt.Web.Tests.Hub;

/// <summary>
/// The service on a stub Hub: the model and the SST-2 data exist only there (empty model and data roots, an empty cache),
/// so a run must download them before its first round, and a second run must find them in the cache.
/// </summary>
public sealed class HubRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Model = "stub-org/tiny-roberta";
    private readonly TempDatabase _database = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-web-hub-").FullName;
    private StubHub _stub = null!;
    private FedBptWebFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _stub = await StubHub.StartAsync();
        _stub.AddModelFolder(Model, SharedPaths.TinyModel, "config.json", "vocab.json", "merges.txt", "model.safetensors");
        _stub.AddDataset("nyu-mll/glue", "refs/convert/parquet", new Dictionary<string, byte[]>
        {
            ["sst2/train/0000.parquet"] = ParquetFixtures.Sst2(ParquetFixtures.Sst2Rows(Path.Combine(SharedPaths.Data, "sst2", "train.tsv"), 100)),
            ["sst2/validation/0000.parquet"] = ParquetFixtures.Sst2(ParquetFixtures.Sst2Rows(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv"), 40)),
        });
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        _factory = new FedBptWebFactory(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["FedBpt:ModelRoots:0"] = empty,
            ["FedBpt:ModelRoots:1"] = empty,
            ["FedBpt:DataRoots:0"] = empty,
            ["FedBpt:DataRoots:1"] = empty,
            ["FedBpt:Hub:Endpoint"] = _stub.Endpoint.AbsoluteUri,
            ["FedBpt:Hub:Cache"] = Path.Combine(_dir, "hub"),
            ["FedBpt:Hub:Offline"] = "false",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _stub.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_run_downloads_its_model_and_data_before_round_one_and_the_next_run_uses_the_cache()
    {
        var downloads = new ConcurrentQueue<DownloadUpdate>();
        using var _ = _factory.Services.GetRequiredService<RunNotifier>().SubscribeDownloads(downloads.Enqueue);
        var spec = Specs.Tiny(numRounds: 1).With("model", Model);

        var first = await _client.CreateExperimentAsync("from the hub", spec);
        var done = await _client.WaitForStatusAsync(first, ExperimentStatus.Completed);
        int requests = _stub.Requests.Count;
        var second = await _client.CreateExperimentAsync("from the cache", spec);
        await _client.WaitForStatusAsync(second, ExperimentStatus.Completed);

        var firstLog = (await _client.GetLogAsync(first)).Select(l => l.Message).ToArray();
        var secondLog = (await _client.GetLogAsync(second)).Select(l => l.Message).ToArray();
        output.WriteLine(string.Join('\n', firstLog) + "\n---\n" + string.Join('\n', secondLog));
        Assert.Equal(1, done.RoundsCompleted);
        Assert.Contains(firstLog, l => l.StartsWith($"Model {Model}: downloaded 4 file(s)", StringComparison.Ordinal));
        Assert.Contains(firstLog, l => l.StartsWith("Data sst2 train: downloaded 1 file(s)", StringComparison.Ordinal));
        Assert.Contains(firstLog, l => l.StartsWith("Data sst2 dev: downloaded 1 file(s)", StringComparison.Ordinal));
        Assert.Contains(secondLog, l => l.StartsWith($"Model {Model}: in the Hugging Face cache", StringComparison.Ordinal));
        Assert.Equal(2, secondLog.Count(l => l.StartsWith("Data sst2 ", StringComparison.Ordinal) && l.Contains("in the Hugging Face cache", StringComparison.Ordinal)));
        Assert.Equal(requests, _stub.Requests.Count); // the second run asked the Hub nothing
        // The run page's feed: this run's files, ending with the weights done.
        Assert.Contains(downloads, d => d.ExperimentId == first && d.Progress is { File: "model.safetensors", Done: true });
        Assert.DoesNotContain(downloads, d => d.ExperimentId == second);

        var models = (await _client.GetFromJsonAsync<ModelInfo[]>("/api/models", ApiClient.Json))!;
        var listed = Assert.Single(models);
        Assert.Equal((Model, true, 4), (listed.Name, listed.FromHub, listed.Layers));
        var tasks = (await _client.GetFromJsonAsync<TaskInfo[]>("/api/tasks", ApiClient.Json))!;
        Assert.Equal([("dev", 40), ("train", 100)], tasks.Single(t => t.Name == "sst2").Splits.Select(s => (s.Split, s.Rows)));
    }

    [Fact]
    public async Task A_model_the_Hub_does_not_have_is_refused_at_creation_with_the_reason()
    {
        var response = await _client.PostExperimentAsync("typo", Specs.Tiny().With("model", "stub-org/tiny-robreta"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!;
        Assert.Contains("'stub-org/tiny-robreta' was not found", Assert.Single(problem.Errors["model"]));
    }

    [Fact]
    public async Task Adding_from_the_Models_page_downloads_into_the_cache_with_progress_and_can_be_cancelled()
    {
        var hub = _factory.Services.GetRequiredService<HubDownloads>();
        var downloads = new ConcurrentQueue<DownloadUpdate>();
        using var _ = _factory.Services.GetRequiredService<RunNotifier>().SubscribeDownloads(downloads.Enqueue);

        var message = await hub.AddAsync("sst2");
        _stub.Slow(File.ReadAllBytes(Path.Combine(SharedPaths.TinyModel, "model.safetensors")), TimeSpan.FromSeconds(1));
        var model = hub.AddAsync(Model);
        await WaitUntilAsync(() => downloads.Any(d => d.Progress is { File: "model.safetensors", Bytes: > 0 }));
        Assert.True(hub.Cancel(Model));

        Assert.StartsWith("Task sst2: train downloaded 1 file(s)", message);
        Assert.Contains(downloads, d => d.ExperimentId is null && d.Progress is { File: "sst2/train/0000.parquet", Done: true });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model);
        Assert.Empty(hub.Adding);
        var blobs = Directory.GetFiles(Path.Combine(_dir, "hub", "models--stub-org--tiny-roberta", "blobs"));
        Assert.DoesNotContain(blobs, b => b.EndsWith(".incomplete", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
