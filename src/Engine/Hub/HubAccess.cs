using FedBpt.Engine.Configuration;

namespace FedBpt.Engine.Hub;

/// <summary>The Hub as configured: one HTTP client and the cache, with the model and dataset resolvers over them.</summary>
public sealed class HubAccess : IDisposable
{
    private readonly HubClient _client;

    public HubAccess(HubSettings settings, ContentRoots modelRoots, HttpMessageHandler? handler = null)
    {
        _client = new HubClient(settings, handler);
        Files = new HubFiles(_client, new HubCache(settings.Cache));
        Models = new HubModels(modelRoots, Files);
        Datasets = new HubDatasets(Files);
    }

    public HubSettings Settings => _client.Settings;
    public HubFiles Files { get; }
    public HubModels Models { get; }
    public HubDatasets Datasets { get; }

    /// <summary>From the <c>FedBpt</c> options (the <c>Hub</c> section and the model roots) and the environment.</summary>
    public static HubAccess Create(FedBptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var basePath = options.BasePath ?? Directory.GetCurrentDirectory();
        return new HubAccess(HubSettings.Resolve(options.Hub, basePath), ContentRoots.Models(options));
    }

    public void Dispose() => _client.Dispose();
}
