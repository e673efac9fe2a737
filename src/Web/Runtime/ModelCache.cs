using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Runtime;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace FedBpt.Web.Runtime;

/// <summary>
/// Loaded models, one per (folder, device), kept for the life of the app so that repeated runs and predictions do
/// not reload weights. Runs only read a model, so concurrent users share it. Disposing the cache (at shutdown)
/// frees each model once its last user is done: a run still computing after the shutdown timeout keeps its model.
/// </summary>
public sealed partial class ModelCache(IOptions<FedBptOptions> options, HubAccess hub, ILogger<ModelCache> logger) : IDisposable
{
    private readonly Dictionary<(string Folder, string Device), Entry> _models = [];
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

    /// <summary>
    /// The model called <paramref name="name"/> — a folder in the model roots, or a Hub model in the cache (a run
    /// downloads it first) — loaded once, for as long as the handle lives. Load failures are not cached.
    /// </summary>
    public ModelHandle Acquire(string name)
    {
        if (!ContentRoots.IsSafeName(name) && !HubRepo.TryParse(name, HubRepoType.Model, out _, out var error))
            throw new ArgumentException($"'{name}' is neither a model-root folder name nor a Hub repository id: {error}");
        var folder = hub.Models.FindCached(name)?.Folder ?? throw new DirectoryNotFoundException(
            $"Model '{name}' is not in the model roots ({string.Join(", ", ContentRoots.Models(options.Value).Configured)}) "
            + $"nor in the Hugging Face cache ({hub.Settings.Cache}).");
        var device = Device;
        var key = (folder, device.ToString());
        // Loading under the lock is deliberate: two runs asking for the same model must not load it twice.
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_models.TryGetValue(key, out var entry))
            {
                entry = new Entry(ModelAssets.Load(folder, device, Precision.Parse(options.Value.Precision)));
                _models[key] = entry;
                LogLoaded(name, folder, key.Item2);
            }
            entry.Users++;
            return new ModelHandle(entry.Assets, () => Release(entry));
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Users == 0 && _disposed) entry.Assets.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var entry in _models.Values.Where(e => e.Users == 0)) entry.Assets.Dispose();
            _models.Clear();
        }
    }

    private sealed class Entry(ModelAssets assets)
    {
        public ModelAssets Assets { get; } = assets;
        public int Users { get; set; }
    }

    /// <summary>A model in use; dispose it when done.</summary>
    public sealed class ModelHandle : IDisposable
    {
        private Action? _release;

        internal ModelHandle(ModelAssets assets, Action release)
        {
            Assets = assets;
            _release = release;
        }

        public ModelAssets Assets { get; }

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} from {Folder} onto {Device}")]
    private partial void LogLoaded(string name, string folder, string device);
}
