using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Runtime;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace FedBpt.Web.Runtime;

/// <summary>
/// Loaded models, one per (folder, device, lane), kept for the life of the app so that repeated runs and predictions do
/// not reload weights. With several <c>FedBpt:Devices</c> a run holds one copy per entry (lane); predictions use lane 0. Runs only read a model, so concurrent users share it. Disposing the cache (at shutdown)
/// frees each model once its last user is done: a run still computing after the shutdown timeout keeps its model.
/// </summary>
public sealed partial class ModelCache(IOptions<FedBptOptions> options, HubAccess hub, ILogger<ModelCache> logger) : IDisposable
{
    private readonly Dictionary<(string Folder, string Device, int Lane), Entry> _models = [];
    private readonly Lock _lock = new();
    private IReadOnlyList<torch.Device>? _devices;
    private bool _disposed;

    /// <summary>
    /// The configured devices (<see cref="RunDevices"/>); resolving them also applies <c>FedBpt:Threads</c> (before
    /// libtorch's pool starts).
    /// </summary>
    public IReadOnlyList<torch.Device> Devices
    {
        get
        {
            lock (_lock)
            {
                if (_devices is null)
                {
                    TorchDevice.SetThreads(options.Value.Threads);
                    _devices = RunDevices.Resolve(options.Value);
                }
                return _devices;
            }
        }
    }

    /// <summary>The first configured device: where predictions run and a run evaluates.</summary>
    public torch.Device Device => Devices[0];

    public string DeviceDescription => RunDevices.Describe(Devices);

    /// <summary>
    /// The model called <paramref name="name"/> — a folder in the model roots, or a Hub model in the cache (a run
    /// downloads it first) — loaded once per device lane (<paramref name="lane"/> indexes <see cref="Devices"/>), for as
    /// long as the handle lives. Load failures are not cached.
    /// </summary>
    public ModelHandle Acquire(string name, int lane = 0)
    {
        if (!ContentRoots.IsSafeName(name) && !HubRepo.TryParse(name, HubRepoType.Model, out _, out var error))
            throw new ArgumentException($"'{name}' is neither a model-root folder name nor a Hub repository id: {error}");
        var folder = hub.Models.FindCached(name)?.Folder ?? throw new DirectoryNotFoundException(
            $"Model '{name}' is not in the model roots ({string.Join(", ", ContentRoots.Models(options.Value).Configured)}) "
            + $"nor in the Hugging Face cache ({hub.Settings.Cache}).");
        var devices = Devices;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, devices.Count);
        var device = devices[lane];
        var key = (folder, device.ToString(), lane);
        // Loading under the lock is deliberate: two runs asking for the same model must not load it twice.
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_models.TryGetValue(key, out var entry))
            {
                entry = new Entry(ModelAssets.Load(folder, device, Precision.Parse(options.Value.Precision)));
                _models[key] = entry;
                LogLoaded(name, folder, lane == 0 ? key.Item2 : $"{key.Item2} (copy {lane + 1})");
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
