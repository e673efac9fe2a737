using System.Diagnostics;

namespace FedBpt.Engine.Hub;

/// <summary>
/// One file coming from the Hub: <see cref="Bytes"/> of <see cref="Total"/> on disk (a resumed download counts what it
/// had), the rate of this transfer and the time left at that rate. The last report of a file has <see cref="Done"/>.
/// </summary>
public sealed record DownloadProgress(string Repo, string File, long Bytes, long? Total, double BytesPerSecond, bool Done = false)
{
    /// <summary>Time left at the current rate; null when done, unknown or stalled.</summary>
    public TimeSpan? Eta => !Done && Total is long total && BytesPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Bytes) / BytesPerSecond)
        : null;

    /// <summary>0..1, or null when the size is unknown.</summary>
    public double? Fraction => Total is > 0 and long total ? Math.Min(1.0, (double)Bytes / total) : null;
}

/// <summary>Turns a transfer's byte counts into <see cref="DownloadProgress"/> reports, at most a few a second.</summary>
internal sealed class ProgressMeter(IProgress<DownloadProgress>? sink, string repo, string file, long? total)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = -Interval; // the first bytes are reported at once
    private long _received;

    /// <summary>Bytes on disk (a resumed download counts what it had); the rate counts only the bytes received here.</summary>
    public long Bytes { get; set; }

    public void Add(long count)
    {
        Bytes += count;
        _received += count;
        if (_clock.Elapsed - _last >= Interval) Report(done: false);
    }

    public void Complete() => Report(done: true);

    private void Report(bool done)
    {
        if (sink is null) return;
        _last = _clock.Elapsed;
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        sink.Report(new DownloadProgress(repo, file, Bytes, total, _received / seconds, done));
    }
}
