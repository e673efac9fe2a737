using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Hub;

namespace FedBpt.Engine.Tests.Hub;

/// <summary>A stub Hub, an empty cache folder and an empty model root for one test; clients made here talk only to the stub.</summary>
public sealed class HubTestBed : IAsyncDisposable
{
    public static readonly string[] TinyFiles = ["config.json", "vocab.json", "merges.txt", "model.safetensors"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fedbpt-hub-tests", Guid.NewGuid().ToString("N"));

    private HubTestBed(StubHub stub)
    {
        Stub = stub;
        Directory.CreateDirectory(Cache);
        Directory.CreateDirectory(ModelRoot);
    }

    public StubHub Stub { get; }
    public string Cache => Path.Combine(_folder, "hub");
    public string ModelRoot => Path.Combine(_folder, "models");
    public string DataRoot => Path.Combine(_folder, "data");

    public static async Task<HubTestBed> StartAsync() => new(await StubHub.StartAsync());

    public HubSettings Settings(bool offline = false, string? token = null) =>
        new(Stub.Endpoint, Cache, token, offline, TimeSpan.FromSeconds(10));

    public HubAccess Access(bool offline = false, string? token = null) =>
        new(Settings(offline, token), new ContentRoots([ModelRoot], _folder));

    /// <summary>The tiny shared model as a Hub repository.</summary>
    public StubRepo AddTinyModel(string id = "stub-org/tiny-roberta") => Stub.AddModelFolder(id, SharedPaths.TinyModel, TinyFiles);

    public string RepoFolder(string folderName) => Path.Combine(Cache, folderName);

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
