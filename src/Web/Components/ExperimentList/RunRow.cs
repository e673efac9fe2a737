using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Components.ExperimentList;

/// <summary>
/// A row of the runs grid. The row object lives as long as its experiment is listed (reloads replace its
/// <see cref="Summary"/>), so the grid's selection and the sort order survive live updates.
/// </summary>
public sealed class RunRow(ExperimentSummary summary)
{
    public ExperimentSummary Summary { get; set; } = summary;

    public int Id => Summary.Id;
    public string Name => Summary.Name;
    public string Task => Summary.Task;
    public string Model => Summary.Model;
    public string Algorithm => Summary.Algorithm;
    public ExperimentStatus Status => Summary.Status;
    public double? BestAccuracy => Summary.BestAccuracy;
    public double? FinalAccuracy => Summary.FinalAccuracy;
    public int RoundsCompleted => Summary.RoundsCompleted;
    public DateTime? StartedUtc => Summary.StartedUtc;
    public DateTime CreatedUtc => Summary.CreatedUtc;

    public bool IsActive => Status is ExperimentStatus.Pending or ExperimentStatus.Running;

    /// <summary>Wall-clock time from start to finish, or to now while it runs.</summary>
    public TimeSpan? Duration(DateTime nowUtc) => Summary.StartedUtc is { } started
        ? (Summary.FinishedUtc ?? (Status == ExperimentStatus.Running ? nowUtc : started)) - started
        : null;

    /// <summary>Remaining time from the seconds per round so far; null until a round is done or when not running.</summary>
    public TimeSpan? Eta => Summary.RunProgress.EtaSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>Shows the status a signal carries at once; the numbers come with the reload from the store that follows.</summary>
    public void Apply(RunEvent e)
    {
        if (e.Status is { } status) Summary = Summary with { Status = status };
    }

    /// <summary>Whether the quick filter's words all occur in the row's name, task, model, algorithm, status or id.</summary>
    public bool Matches(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        var haystack = $"#{Id} {Name} {Task} {Model} {Algorithm} {Status} {(Summary.Iid ? "iid" : "non-iid")} {Summary.NumClients} clients";
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(word => haystack.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    public static string Format(TimeSpan? span)
    {
        if (span is not { } t) return "—";
        if (t.TotalSeconds < 60) return $"{Math.Max(0, (int)t.TotalSeconds)}s";
        if (t.TotalMinutes < 60) return $"{(int)t.TotalMinutes}m {t.Seconds:00}s";
        if (t.TotalHours < 48) return $"{(int)t.TotalHours}h {t.Minutes:00}m";
        return $"{(int)t.TotalDays}d {t.Hours}h";
    }

    public static string Percent(double? accuracy) => accuracy is { } a ? $"{a * 100:0.0} %" : "—";

    /// <summary>"3 min ago", "yesterday"… for the started column (the exact time is in its tooltip).</summary>
    public static string Ago(DateTime? utc, DateTime nowUtc)
    {
        if (utc is not { } t) return "—";
        var d = nowUtc - t;
        if (d.TotalSeconds < 45) return "just now";
        if (d.TotalMinutes < 60) return $"{Math.Max(1, (int)Math.Round(d.TotalMinutes))} min ago";
        if (d.TotalHours < 24) return $"{(int)d.TotalHours} h ago";
        if (d.TotalDays < 2) return "yesterday";
        if (d.TotalDays < 30) return $"{(int)d.TotalDays} days ago";
        return t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
