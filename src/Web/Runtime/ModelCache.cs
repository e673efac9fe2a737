using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Runtime;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace FedBpt.Web.Runtime;

/// <summary>
/// Loaded models, one per (folder, device), kept for the life of the app so that repeated runs and predictions do
/// not reload weights. Runs only read a model, so concurrent users share it. Disposed with the container.
/// </summary>
public sealed partial class ModelCache(IOptions<FedBptOptions> options, ILogger<ModelCache> logger) : IDisposable
{
    private readonly Dictionary<(string Folder, string Device), ModelAssets> _models = [];
    private readonly Lock _lock = new();
    private torch.Device? _device;
    private bool _disposed;

    /// <summary>The configured device; resolving it also applies <c>FedBpt:Threads</c> (before libtorch's pool starts).</summary>
    public torch.Device Device
    {
        get
        {
            lock (_lock)
            {
                if (_device is null)
                {
                    TorchDevice.SetThreads(options.Value.Threads);
                    _device = TorchDevice.Resolve(options.Value.Device);
                }
                return _device;
            }
        }
    }

    public string DeviceDescription => TorchDevice.Describe(Device);

    /// <summary>The model folder called <paramref name="name"/> in the model roots, loaded once. Failures are not cached.</summary>
    public ModelAssets Get(string name)
    {
        var folder = ContentRoots.Models(options.Value).Require(name, "Model");
        var device = Device;
        var key = (folder, device.ToString());
        // Loading under the lock is deliberate: two runs asking for the same model must not load it twice.
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_models.TryGetValue(key, out var cached)) return cached;
            var assets = ModelAssets.Load(folder, device);
            _models[key] = assets;
            LogLoaded(name, folder, key.Item2);
            return assets;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var assets in _models.Values) assets.Dispose();
            _models.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} from {Folder} onto {Device}")]
    private partial void LogLoaded(string name, string folder, string device);
}
