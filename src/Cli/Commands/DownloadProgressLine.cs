using System.Globalization;
using FedBpt.Engine.Hub;

namespace FedBpt.Cli.Commands;

/// <summary>
/// A download's progress on stderr: one line rewritten in place on a terminal (bytes, total, rate, ETA); when stderr
/// is a file or a pipe, a line when a file starts and when it ends, so logs stay readable.
/// </summary>
internal sealed class DownloadProgressLine : IProgress<DownloadProgress>
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Lock _lock = new();
    private string? _current;
    private int _width;

    public void Report(DownloadProgress p)
    {
        lock (_lock)
        {
            var line = $"{p.Repo} {p.File}  {Bytes(p.Bytes)}{(p.Total is long t ? " / " + Bytes(t) : "")}"
                + $"  {Bytes((long)p.BytesPerSecond)}/s" + (p.Eta is { } eta ? $"  ETA {eta:hh\\:mm\\:ss}" : "");
            if (_terminal)
            {
                Console.Error.Write("\r" + line.PadRight(_width));
                _width = line.Length;
                if (p.Done)
                {
                    Console.Error.WriteLine();
                    _width = 0;
                }
            }
            else if (p.Done)
            {
                Console.Error.WriteLine($"downloaded {line}");
            }
            else if (_current != p.Repo + "/" + p.File)
            {
                Console.Error.WriteLine($"downloading {p.Repo} {p.File}{(p.Total is long total ? $" ({Bytes(total)})" : "")}");
            }
            _current = p.Done ? null : p.Repo + "/" + p.File;
        }
    }

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
