using FedBpt.Engine.Hub;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Notifications;

public enum RunEventKind
{
    Created,
    Started,
    RoundCompleted,
    Completed,
    Failed,
    Cancelled,
    /// <summary>The host stopped mid-run; the run stays Running and resumes on the next start.</summary>
    Interrupted,
    Deleted,
    /// <summary>The database refused the run's writes; it stays Running and resumes once the database takes them (SuspendedRuns).</summary>
    Suspended,
}

/// <summary>
/// A signal that something happened to an experiment: no payload beyond its id, kind, status and a log line. Pages
/// read what changed (rounds included) from the store, so they show the same thing whichever process wrote it.
/// </summary>
public sealed record RunEvent(int ExperimentId, RunEventKind Kind, ExperimentStatus? Status, string? Message = null);

/// <summary>A file coming from the Hub: for the run <see cref="ExperimentId"/> (null: asked for on the Models page).</summary>
public sealed record DownloadUpdate(int? ExperimentId, DownloadProgress Progress);
