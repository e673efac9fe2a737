using System.Text;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Hub;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Hub;
using TorchSharp;

namespace FedBpt.Engine.Tests.Hub;

/// <summary>Models from a stub Hub into a cache that must be Hugging Face's own layout, byte for byte.</summary>
public sealed class HubModelDownloadTests : IAsyncLifetime
{
    private HubTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_model_lands_in_the_Hugging_Face_cache_layout()
    {
        var repo = _bed.AddTinyModel();
        using var hub = _bed.Access();

        var model = await hub.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None);

        var root = _bed.RepoFolder("models--stub-org--tiny-roberta");
        Assert.Equal(Path.Combine(root, "snapshots", repo.Commit), model.Folder);
        Assert.Equal((repo.Commit, 4), (model.Commit, model.DownloadedFiles));
        // refs/main holds the commit and nothing else (no newline), as Python writes it.
        Assert.Equal(Encoding.ASCII.GetBytes(repo.Commit), File.ReadAllBytes(Path.Combine(root, "refs", "main")));
        foreach (var name in HubTestBed.TinyFiles)
        {
            var content = repo.Files[name];
            var etag = StubHub.EtagOf(name, content);
            var blob = Path.Combine(root, "blobs", etag);
            Assert.Equal(content, File.ReadAllBytes(blob));
            var link = new FileInfo(Path.Combine(model.Folder, name));
            Assert.Equal($"../../blobs/{etag}", link.LinkTarget); // a relative symlink, not a copy
            Assert.Equal(content, File.ReadAllBytes(link.FullName));
        }
        Assert.Equal(["config.json", "merges.txt", "model.safetensors", "vocab.json"],
            Directory.GetFileSystemEntries(model.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(root, "blobs")).Length); // no .incomplete left behind
        // The tokenizer files a RoBERTa repository lacks are remembered as empty .no_exist markers; the other weights
        // format is not asked for once model.safetensors is there.
        var noExist = Path.Combine(root, ".no_exist", repo.Commit);
        Assert.Equal(["tokenizer_config.json", "vocab.txt"], Directory.GetFiles(noExist).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(noExist), f => Assert.Equal(0, new FileInfo(f).Length));
        Assert.True(File.Exists(Path.Combine(_bed.Cache, ".locks", "models--stub-org--tiny-roberta",
            StubHub.Sha256(repo.Files["model.safetensors"]) + ".lock")));
        // Only what the engine reads was asked for; the weights came from the CDN in one GET.
        Assert.DoesNotContain(_bed.Stub.Requests, r => r.Target.Contains("pytorch_model.bin", StringComparison.Ordinal));
        Assert.Equal(1, _bed.Stub.Count(r => r.Host == "cdn" && r.Method == "GET"));

        using var assets = ModelAssets.Load(model.Folder, torch.CPU);
        Assert.Equal(4, assets.Model.Config.NumHiddenLayers);
    }

    [Fact]
    public async Task A_second_resolve_makes_no_request()
    {
        _bed.AddTinyModel();
        using var hub = _bed.Access();
        var first = await hub.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None);
        int requests = _bed.Stub.Requests.Count;

        using var again = _bed.Access();
        var second = await again.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None);

        Assert.Equal(requests, _bed.Stub.Requests.Count);
        Assert.Equal((first.Folder, 0), (second.Folder, second.DownloadedFiles));
    }

    [Fact]
    public async Task Offline_resolves_from_refs_without_a_request_and_names_the_cache_when_it_cannot()
    {
        var repo = _bed.AddTinyModel();
        using (var online = _bed.Access()) await online.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None);
        int requests = _bed.Stub.Requests.Count;
        using var offline = _bed.Access(offline: true);

        var model = await offline.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None, refresh: true);
        var missing = await Assert.ThrowsAsync<HubException>(() => offline.Models.ResolveAsync("stub-org/other", null, CancellationToken.None));

        Assert.Equal(repo.Commit, model.Commit);
        Assert.Equal(requests, _bed.Stub.Requests.Count);
        Assert.Equal(HubErrorKind.NotCached, missing.Kind);
        Assert.Contains("stub-org/other", missing.Message);
        Assert.Contains(_bed.RepoFolder("models--stub-org--other"), missing.Message);
        Assert.Contains("HF_HUB_OFFLINE", missing.Message);
    }

    [Fact]
    public async Task A_cache_written_the_way_Python_writes_it_is_used_without_network()
    {
        // The published layout, built by hand: blobs named by etag, relative symlinks, refs/main without a newline.
        // No .no_exist markers: Python only writes those for files it asked for.
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var root = _bed.RepoFolder("models--FacebookAI--roberta-tiny");
        var snapshot = Path.Combine(root, "snapshots", commit);
        Directory.CreateDirectory(snapshot);
        Directory.CreateDirectory(Path.Combine(root, "blobs"));
        Directory.CreateDirectory(Path.Combine(root, "refs"));
        foreach (var name in HubTestBed.TinyFiles)
        {
            var content = File.ReadAllBytes(Path.Combine(SharedPaths.TinyModel, name));
            var etag = StubHub.EtagOf(name, content);
            File.WriteAllBytes(Path.Combine(root, "blobs", etag), content);
            File.CreateSymbolicLink(Path.Combine(snapshot, name), $"../../blobs/{etag}");
        }
        File.WriteAllText(Path.Combine(root, "refs", "main"), commit);
        using var hub = _bed.Access(); // online, but the stub does not even have this repository

        var model = await hub.Models.ResolveAsync("FacebookAI/roberta-tiny", null, CancellationToken.None);

        Assert.Equal((snapshot, commit), (model.Folder, model.Commit));
        Assert.Empty(_bed.Stub.Requests);
        using var assets = ModelAssets.Load(model.Folder, torch.CPU);
        Assert.True(assets.Tokenizer.VocabSize > 1000);
    }

    [Fact]
    public async Task The_token_goes_to_the_Hub_and_never_to_the_CDN()
    {
        var weights = Encoding.ASCII.GetBytes(new string('w', 5000));
        _bed.Stub.AddModel("stub-org/gated", Small(weights), gated: true);
        using var hub = _bed.Access(token: _bed.Stub.Token);

        await hub.Models.ResolveAsync("stub-org/gated", null, CancellationToken.None);

        var toHub = _bed.Stub.Requests.Where(r => r.Host == "hub").ToArray();
        var toCdn = _bed.Stub.Requests.Where(r => r.Host == "cdn").ToArray();
        Assert.NotEmpty(toCdn);
        Assert.All(toHub, r => Assert.Equal($"Bearer {_bed.Stub.Token}", r.Authorization));
        Assert.All(toCdn, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task A_gated_repository_without_a_token_says_to_set_HF_TOKEN()
    {
        _bed.Stub.AddModel("stub-org/gated", Small([1, 2, 3]), gated: true);
        using var hub = _bed.Access();

        var e = await Assert.ThrowsAsync<HubException>(() => hub.Models.ResolveAsync("stub-org/gated", null, CancellationToken.None));

        Assert.Equal(HubErrorKind.Gated, e.Kind);
        Assert.Contains("HF_TOKEN", e.Message);
        Assert.Contains("stub-org/gated", e.Message);
    }

    [Fact]
    public async Task Missing_repositories_revisions_and_files_are_named()
    {
        _bed.Stub.AddModel("stub-org/no-config", new Dictionary<string, byte[]> { ["vocab.txt"] = [1] });
        _bed.AddTinyModel();
        using var hub = _bed.Access();

        var repo = await Assert.ThrowsAsync<HubException>(() => hub.Models.ResolveAsync("stub-org/roberta-huge", null, CancellationToken.None));
        var revision = await Assert.ThrowsAsync<HubException>(() => hub.Models.ResolveAsync("stub-org/tiny-roberta@v9", null, CancellationToken.None));
        var file = await Assert.ThrowsAsync<HubException>(() => hub.Models.ResolveAsync("stub-org/no-config", null, CancellationToken.None));

        Assert.Equal((HubErrorKind.RepoNotFound, HubErrorKind.RevisionNotFound, HubErrorKind.EntryNotFound), (repo.Kind, revision.Kind, file.Kind));
        Assert.Contains("'stub-org/roberta-huge' was not found", repo.Message);
        Assert.Contains("no revision 'v9'", revision.Message);
        Assert.Contains("no file 'config.json'", file.Message);
    }

    [Fact]
    public async Task A_repository_without_safetensors_gets_pytorch_model_bin_and_a_no_exist_marker()
    {
        var files = Small([9, 9, 9]);
        files["pytorch_model.bin"] = files["model.safetensors"];
        files.Remove("model.safetensors");
        var repo = _bed.Stub.AddModel("stub-org/bin-only", files);
        using var hub = _bed.Access();

        var model = await hub.Models.ResolveAsync("stub-org/bin-only", null, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(model.Folder, "pytorch_model.bin")));
        Assert.True(File.Exists(Path.Combine(_bed.RepoFolder("models--stub-org--bin-only"), ".no_exist", repo.Commit, "model.safetensors")));
    }

    [Fact]
    public async Task A_renamed_repository_is_followed_and_cached_under_the_name_asked_for()
    {
        var repo = _bed.Stub.AddModel("FacebookAI/stub-base", Small([4, 5, 6]));
        _bed.Stub.Rename("stub-base", "FacebookAI/stub-base");
        using var hub = _bed.Access();

        var model = await hub.Models.ResolveAsync("stub-base", null, CancellationToken.None);

        Assert.Equal(Path.Combine(_bed.RepoFolder("models--stub-base"), "snapshots", repo.Commit), model.Folder);
        Assert.Contains(_bed.Stub.Requests, r => r.Target.StartsWith("/FacebookAI/stub-base/resolve/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_resumes_with_a_range_request()
    {
        var weights = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        _bed.Stub.AddModel("stub-org/flaky", Small(weights));
        _bed.Stub.DropOnce(weights, 80_000);
        using var hub = _bed.Access();

        var model = await hub.Models.ResolveAsync("stub-org/flaky", null, CancellationToken.None);

        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(model.Folder, "model.safetensors")));
        var gets = _bed.Stub.Requests.Where(r => r.Host == "cdn" && r.Method == "GET").ToArray();
        Assert.Equal(2, gets.Length);
        Assert.Null(gets[0].Range);
        Assert.Equal("bytes=80000-", gets[1].Range);
    }

    [Fact]
    public async Task A_download_whose_SHA256_is_wrong_is_discarded()
    {
        var weights = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        _bed.Stub.AddModel("stub-org/corrupt", Small(weights));
        _bed.Stub.Corrupt(weights);
        using var hub = _bed.Access();

        var e = await Assert.ThrowsAsync<HubException>(() => hub.Models.ResolveAsync("stub-org/corrupt", null, CancellationToken.None));

        Assert.Equal(HubErrorKind.Corrupt, e.Kind);
        Assert.Contains("SHA-256", e.Message);
        var root = _bed.RepoFolder("models--stub-org--corrupt");
        Assert.False(File.Exists(Path.Combine(root, "blobs", StubHub.Sha256(weights))));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(root, "blobs")), f => f.EndsWith(".incomplete", StringComparison.Ordinal));
        Assert.Null(hub.Models.FindCached("stub-org/corrupt"));
    }

    [Fact]
    public async Task Two_clients_downloading_one_file_at_once_share_one_download()
    {
        var weights = Enumerable.Range(0, 400_000).Select(i => (byte)(i * 13)).ToArray();
        _bed.Stub.AddModel("stub-org/shared", Small(weights));
        _bed.Stub.Slow(weights, TimeSpan.FromMilliseconds(30));
        using var first = _bed.Access();
        using var second = _bed.Access(); // its own HTTP client and lock handle, as another process would have

        var both = await Task.WhenAll(
            Task.Run(() => first.Models.ResolveAsync("stub-org/shared", null, CancellationToken.None, refresh: true)),
            Task.Run(() => second.Models.ResolveAsync("stub-org/shared", null, CancellationToken.None, refresh: true)));

        Assert.Equal(both[0].Folder, both[1].Folder);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(both[0].Folder, "model.safetensors")));
        Assert.Equal(1, _bed.Stub.Count(r => r.Host == "cdn" && r.Method == "GET")); // the lock holder downloads; the other links
        Assert.Single(Directory.GetFiles(Path.Combine(_bed.RepoFolder("models--stub-org--shared"), "blobs"), StubHub.Sha256(weights) + "*"));
    }

    [Fact]
    public async Task A_pinned_commit_already_in_the_cache_needs_no_request()
    {
        var repo = _bed.AddTinyModel();
        using var hub = _bed.Access();
        await hub.Models.ResolveAsync("stub-org/tiny-roberta", null, CancellationToken.None);
        int requests = _bed.Stub.Requests.Count;

        var pinned = await hub.Models.ResolveAsync($"stub-org/tiny-roberta@{repo.Commit}", null, CancellationToken.None, refresh: true);

        Assert.Equal(requests, _bed.Stub.Requests.Count);
        Assert.Equal(repo.Commit, pinned.Commit);
    }

    [Fact]
    public async Task A_folder_in_a_model_root_wins_over_the_Hub()
    {
        _bed.AddTinyModel("tiny-local");
        Directory.CreateDirectory(Path.Combine(_bed.ModelRoot, "tiny-local"));
        using var hub = _bed.Access();

        var model = await hub.Models.ResolveAsync("tiny-local", null, CancellationToken.None);

        Assert.Equal(Path.Combine(_bed.ModelRoot, "tiny-local"), model.Folder);
        Assert.False(model.FromHub);
        Assert.Empty(_bed.Stub.Requests);
    }

    [Fact]
    public async Task Progress_reports_bytes_total_and_the_end_of_each_file()
    {
        var weights = new byte[300_000];
        _bed.Stub.AddModel("stub-org/progress", Small(weights));
        using var hub = _bed.Access();
        var reports = new List<DownloadProgress>();

        await hub.Models.ResolveAsync("stub-org/progress", new SyncProgress(reports.Add), CancellationToken.None);

        var done = reports.Single(r => r.File == "model.safetensors" && r.Done);
        Assert.Equal((300_000L, 300_000L, "stub-org/progress"), (done.Bytes, done.Total, done.Repo));
        Assert.Null(done.Eta);
        Assert.All(reports, r => Assert.InRange(r.Bytes, 0, r.Total ?? long.MaxValue));
    }

    /// <summary>A repository with a small config, a vocabulary and the given weights.</summary>
    private static Dictionary<string, byte[]> Small(byte[] weights) => new()
    {
        ["config.json"] = File.ReadAllBytes(Path.Combine(SharedPaths.TinyModel, "config.json")),
        ["vocab.txt"] = Encoding.UTF8.GetBytes("[PAD]\n[UNK]\nhello\n"),
        ["model.safetensors"] = weights,
    };

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post them to the pool, after the call returns).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
