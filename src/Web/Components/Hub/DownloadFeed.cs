using FedBpt.Engine.Hub;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Components.Hub;

/// <summary>
/// The latest report of each file downloading for one owner (a run, or the Models page when the id is null), fed from
/// <see cref="RunNotifier.SubscribeDownloads"/>: files in the order they started, each replaced by its newer reports.
/// </summary>
public sealed class DownloadFeed
{
    private readonly Lock _lock = new();
    private readonly List<DownloadProgress> _files = [];

    public IReadOnlyList<DownloadProgress> Files
    {
        get
        {
            lock (_lock) return _files.ToArray();
        }
    }

    /// <summary>Whether the update was this owner's (and so the page should redraw).</summary>
    public bool Apply(DownloadUpdate update, int? owner)
    {
        if (update.ExperimentId != owner) return false;
        lock (_lock)
        {
            int at = _files.FindIndex(f => f.Repo == update.Progress.Repo && f.File == update.Progress.File);
            if (at < 0) _files.Add(update.Progress);
            else if (!_files[at].Done || update.Progress.Done) _files[at] = update.Progress;
        }
        return true;
    }

    public void Clear()
    {
        lock (_lock) _files.Clear();
    }
}
