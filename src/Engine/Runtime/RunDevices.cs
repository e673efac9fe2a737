using FedBpt.Engine.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// The devices a run computes on, like the reference's <c>--gpu 0,1</c>: <c>FedBpt:Devices</c> when it lists any, else
/// the one <c>FedBpt:Device</c>. A run holds one model copy per entry (an entry may repeat: <c>["cpu","cpu"]</c> is two
/// copies on the CPU) and trains client c on entry c mod D; the first entry also evaluates and serves predictions.
/// </summary>
public static class RunDevices
{
    public const string Setting = "FedBpt:Devices";

    /// <summary>The configured device strings, in order.</summary>
    public static IReadOnlyList<string> Configured(FedBptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Devices is { Count: > 0 } devices ? devices : [options.Device];
    }

    /// <summary>The configured devices, resolved; errors name the setting the bad entry came from.</summary>
    public static IReadOnlyList<Device> Resolve(FedBptOptions options)
    {
        string setting = options.Devices is { Count: > 0 } ? Setting : "FedBpt:Device";
        return Configured(options).Select(d => TorchDevice.Resolve(d, setting)).ToArray();
    }

    /// <summary>What the run log and the run record show: <c>cuda:0 + cuda:1</c>, <c>cpu ×2 (4 threads)</c>.</summary>
    public static string Describe(IReadOnlyList<Device> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 1) return TorchDevice.Describe(devices[0]);
        var groups = devices.GroupBy(Name).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}");
        string threads = devices.Any(d => d.type == DeviceType.CPU) ? $" ({get_num_threads()} threads)" : "";
        return string.Join(" + ", groups) + threads;
    }

    private static string Name(Device device) => device.type == DeviceType.CUDA ? $"cuda:{device.index}" : device.type.ToString().ToLowerInvariant();
}
