using FedBpt.Engine.Data;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Hub;

namespace FedBpt.Engine.Tests.Hub;

/// <summary>Built-in tasks' data from the Hub's Parquet conversion, read into the same examples the TSV loader gives.</summary>
public sealed class HubDatasetTests : IAsyncLifetime
{
    private static readonly string TrainTsv = Path.Combine(SharedPaths.Data, "sst2", "train.tsv");
    private static readonly string DevTsv = Path.Combine(SharedPaths.Data, "sst2", "dev.tsv");
    private HubTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Sst2_from_the_Hub_gives_the_examples_of_the_canonical_tsv()
    {
        AddGlue(trainShards: 1);
        using var hub = _bed.Access();
        var sst2 = TaskCatalog.Get("sst2");

        var resolved = await hub.Datasets.ResolveAsync(sst2, [_bed.DataRoot], null, CancellationToken.None);
        var train = DatasetLoader.Load(resolved.Task, "train", [_bed.DataRoot]);
        var dev = DatasetLoader.Load(resolved.Task, "dev", [_bed.DataRoot]);

        // The reference is the shared TSV (GLUE's bytes): same texts to the byte (trailing spaces kept), same labels.
        Assert.Equal(DatasetLoader.Load(sst2, "train", [SharedPaths.Data]).Take(60), train);
        Assert.Equal(DatasetLoader.Load(sst2, "dev", [SharedPaths.Data]).Take(40), dev);
        Assert.EndsWith(" ", train[0].TextA);
        Assert.Equal(["dev", "train"], resolved.FromHub.Select(s => s.Split).Order(StringComparer.Ordinal));
        var root = _bed.RepoFolder("datasets--nyu-mll--glue");
        Assert.Equal(resolved.FromHub[0].Commit, File.ReadAllText(Path.Combine(root, "refs", "refs", "convert", "parquet")));
        Assert.Contains(_bed.Stub.Requests, r => r.Target == "/api/datasets/nyu-mll/glue/parquet/sst2/train");
        Assert.Contains(_bed.Stub.Requests, r => r.Method == "HEAD" && r.Target.StartsWith("/datasets/nyu-mll/glue/resolve/refs%2Fconvert%2Fparquet/sst2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_split_in_shards_is_read_in_order_and_a_second_resolve_asks_nothing()
    {
        AddGlue(trainShards: 3);
        using var hub = _bed.Access();
        var sst2 = TaskCatalog.Get("sst2");

        var resolved = await hub.Datasets.ResolveAsync(sst2, [_bed.DataRoot], null, CancellationToken.None);
        int requests = _bed.Stub.Requests.Count;
        var again = await _bed.Access().Datasets.ResolveAsync(sst2, [_bed.DataRoot], null, CancellationToken.None);

        Assert.Equal(DatasetLoader.Load(sst2, "train", [SharedPaths.Data]).Take(60), DatasetLoader.Load(resolved.Task, "train", []));
        Assert.Equal(requests, _bed.Stub.Requests.Count);
        Assert.All(again.FromHub, s => Assert.Equal(0, s.DownloadedFiles));
        Assert.Equal(3, Directory.GetFiles(resolved.Task.SplitFiles["train"], "*.parquet").Length);
    }

    [Fact]
    public async Task Without_the_listing_the_known_conversion_path_is_used()
    {
        AddGlue(trainShards: 1);
        _bed.Stub.ListingEnabled = false;
        using var hub = _bed.Access();

        var resolved = await hub.Datasets.ResolveAsync(TaskCatalog.Get("sst2"), [_bed.DataRoot], null, CancellationToken.None);

        Assert.Equal(60, DatasetLoader.Load(resolved.Task, "train", []).Count);
    }

    [Fact]
    public async Task A_split_in_a_data_root_wins_and_only_the_missing_one_comes_from_the_Hub()
    {
        AddGlue(trainShards: 1);
        Directory.CreateDirectory(Path.Combine(_bed.DataRoot, "sst2"));
        File.Copy(DevTsv, Path.Combine(_bed.DataRoot, "sst2", "dev.tsv"));
        using var hub = _bed.Access();

        var resolved = await hub.Datasets.ResolveAsync(TaskCatalog.Get("sst2"), [_bed.DataRoot], null, CancellationToken.None);

        Assert.Equal(["train"], resolved.FromHub.Select(s => s.Split));
        Assert.Equal(872, DatasetLoader.Load(resolved.Task, "dev", [_bed.DataRoot]).Count);
        Assert.DoesNotContain(_bed.Stub.Requests, r => r.Target.Contains("validation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offline_a_cached_split_is_available_and_an_uncached_one_is_refused_with_the_cache_named()
    {
        AddGlue(trainShards: 1);
        var sst2 = TaskCatalog.Get("sst2");
        using (var online = _bed.Access()) await online.Datasets.ResolveAsync(sst2, [_bed.DataRoot], null, CancellationToken.None);
        using var offline = _bed.Access(offline: true);

        Assert.Null(offline.Datasets.Unavailable(sst2, "train", [_bed.DataRoot]));
        var mrpc = offline.Datasets.Unavailable(TaskCatalog.Get("mrpc"), "train", [_bed.DataRoot]);
        Assert.Contains("offline", mrpc);
        Assert.Contains(_bed.RepoFolder("datasets--nyu-mll--glue"), mrpc);
        Assert.Equal(["dev", "train"], DatasetLoader.AvailableSplits(offline.Datasets.WithCached(sst2, [_bed.DataRoot]), [_bed.DataRoot]));
    }

    private void AddGlue(int trainShards)
    {
        var train = ParquetFixtures.Sst2Rows(TrainTsv, 60);
        var files = new Dictionary<string, byte[]>
        {
            ["sst2/validation/0000.parquet"] = ParquetFixtures.Sst2(ParquetFixtures.Sst2Rows(DevTsv, 40)),
            // GLUE's test split hides its labels (-1).
            ["sst2/test/0000.parquet"] = ParquetFixtures.Sst2(train.Take(5).Select(r => (r.Sentence, -1L)).ToArray()),
        };
        int per = (train.Count + trainShards - 1) / trainShards;
        for (int s = 0; s < trainShards; s++)
            files[$"sst2/train/{s:0000}.parquet"] = ParquetFixtures.Sst2(train.Skip(s * per).Take(per).ToArray());
        _bed.Stub.AddDataset("nyu-mll/glue", "refs/convert/parquet", files);
    }
}
