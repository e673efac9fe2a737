using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Hub;
using Xunit.Abstractions;

namespace FedBpt.Cli.Tests;

/// <summary><c>fedbpt download</c> and <c>fedbpt run</c> against a stub Hub, with a fresh Hugging Face cache.</summary>
public sealed class HubCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] TinyFiles = ["config.json", "vocab.json", "merges.txt", "model.safetensors"];
    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-cli-hub-").FullName;
    private StubHub _stub = null!;

    private Dictionary<string, string> Env => new()
    {
        ["HF_ENDPOINT"] = _stub.Endpoint.AbsoluteUri,
        ["HF_HUB_CACHE"] = Path.Combine(_dir, "hub"),
        ["HF_HUB_OFFLINE"] = "0",
    };

    public async Task InitializeAsync() => _stub = await StubHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_processes_downloading_one_model_share_one_download_and_a_third_finds_it_cached()
    {
        var repo = _stub.AddModelFolder("stub-org/tiny-roberta", SharedPaths.TinyModel, TinyFiles);
        _stub.Slow(repo.Files["model.safetensors"], TimeSpan.FromMilliseconds(40));

        var first = FedBptCli.Start(Env, "download", "stub-org/tiny-roberta");
        var second = FedBptCli.Start(Env, "download", "stub-org/tiny-roberta");
        var (exit1, out1, err1) = first.Finish();
        var (exit2, out2, err2) = second.Finish();
        var (exit3, out3, err3) = FedBptCli.Run(Env, "download", "stub-org/tiny-roberta");
        output.WriteLine(err1 + err2 + err3);

        Assert.True((exit1, exit2, exit3) == (0, 0, 0), err1 + err2 + err3);
        var snapshot = Path.Combine(_dir, "hub", "models--stub-org--tiny-roberta", "snapshots", repo.Commit);
        Assert.Equal([snapshot, snapshot, snapshot], new[] { out1, out2, out3 }.Select(o => o.Trim()));
        Assert.Equal(File.ReadAllBytes(Path.Combine(SharedPaths.TinyModel, "model.safetensors")), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.Equal(1, _stub.Count(r => r.Host == "cdn" && r.Method == "GET"));
        Assert.Contains("nothing downloaded", err3);
    }

    [Fact]
    public void A_run_takes_model_and_data_from_the_Hub_then_from_the_cache()
    {
        _stub.AddModelFolder("stub-org/tiny-roberta", SharedPaths.TinyModel, TinyFiles);
        _stub.AddDataset("nyu-mll/glue", "refs/convert/parquet", new Dictionary<string, byte[]>
        {
            ["sst2/train/0000.parquet"] = ParquetFixtures.Sst2(ParquetFixtures.Sst2Rows(Path.Combine(SharedPaths.Data, "sst2", "train.tsv"), 200)),
            ["sst2/validation/0000.parquet"] = ParquetFixtures.Sst2(ParquetFixtures.Sst2Rows(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv"), 40)),
        });
        var emptyData = Directory.CreateDirectory(Path.Combine(_dir, "no-data")).FullName;
        var spec = Path.Combine(_dir, "spec.json");
        File.WriteAllText(spec, """
            { "task": "sst2", "model": "stub-org/tiny-roberta", "numClients": 2, "numRounds": 1, "kShot": 4, "localIter": 2,
              "intrinsicDim": 16, "nPromptTokens": 5, "verbalizerLeadingSpace": true }
            """);

        var (exit, _, first) = FedBptCli.Run(Env, "run", "--spec", spec, "--data-root", emptyData, "--out", Path.Combine(_dir, "run1"));
        int requests = _stub.Requests.Count;
        var (exitAgain, _, second) = FedBptCli.Run(Env, "run", "--spec", spec, "--data-root", emptyData, "--out", Path.Combine(_dir, "run2"));
        output.WriteLine("first run:\n" + first + "\nsecond run:\n" + second);

        Assert.True(exit == 0, first);
        Assert.True(exitAgain == 0, second);
        Assert.Contains("model stub-org/tiny-roberta@", first);
        Assert.Contains("downloaded 4 file(s)", first);
        Assert.Contains("data sst2 train nyu-mll/glue@", first);
        Assert.Contains("round    1/1", first);
        Assert.Equal(requests, _stub.Requests.Count); // the second run asked the Hub nothing
        Assert.Contains("model stub-org/tiny-roberta@", second);
        Assert.Equal(3, second.Split('\n').Count(l => l.Contains("in the Hugging Face cache, nothing downloaded", StringComparison.Ordinal)));
    }

    [Fact]
    public void Offline_a_model_that_is_not_cached_is_an_error_naming_it_and_the_cache()
    {
        var (exit, _, error) = FedBptCli.Run(new Dictionary<string, string> { ["HF_HUB_CACHE"] = Path.Combine(_dir, "hub") },
            "eval", "--model", "stub-org/absent", "--task", "sst2");

        Assert.Equal(2, exit);
        Assert.Contains("stub-org/absent", error);
        Assert.Contains(Path.Combine(_dir, "hub", "models--stub-org--absent"), error);
        Assert.Empty(_stub.Requests);
    }
}
