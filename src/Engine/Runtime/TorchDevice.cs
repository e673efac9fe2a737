using TorchSharp;
using static TorchSharp.torch;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// Turns the configured device string (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) into a device. A string this
/// machine cannot serve (CUDA on a CPU build, a missing GPU) is a bad setting: an <see cref="ArgumentException"/>.
/// </summary>
public static class TorchDevice
{
    /// <param name="setting">The setting (or flag) the string came from, named in the errors.</param>
    public static Device Resolve(string? spec, string setting = "FedBpt:Device")
    {
        var s = (spec ?? "auto").Trim().ToLowerInvariant();
        if (s is "" or "auto") return cuda.is_available() ? CUDA : CPU;
        if (s == "cpu") return CPU;
        if (s == "cuda" || s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new ArgumentException(
                    $"Device '{spec}' was requested but CUDA is not available: this build uses the CPU libtorch "
                    + $"(build with -p:TorchSharpBackend=cuda on a machine with a GPU), or set {setting} to 'cpu' or 'auto'.");
            }
            if (s == "cuda") return CUDA;
            if (!int.TryParse(s.AsSpan(5), out int index) || index < 0 || index >= cuda.device_count())
                throw new ArgumentException($"Device '{spec}' in {setting} does not exist: this machine has {cuda.device_count()} CUDA device(s).");
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{spec}' in {setting}: use auto, cpu, cuda or cuda:N.");
    }

    /// <summary>Sets libtorch's intra-op threads (0 or less keeps libtorch's default: one per core).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0) set_num_threads(threads);
    }

    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA ? $"cuda:{device.index}" : $"cpu ({get_num_threads()} threads)";
}
