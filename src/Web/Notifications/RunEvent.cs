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

/// <summary>Something happened to an experiment; <see cref="Round"/> is set for <see cref="RunEventKind.RoundCompleted"/>.</summary>
public sealed record RunEvent(int ExperimentId, RunEventKind Kind, ExperimentStatus? Status, RoundUpdate? Round = null, string? Message = null);

/// <summary>The numbers of a round just stored, enough to extend a live chart without a query.</summary>
public sealed record RoundUpdate(
    int Round,
    int NumRounds,
    double? GlobalTestAccuracy,
    double TrainFitnessMean,
    double Sigma,
    long LmQueries,
    double WallSeconds);

/// <summary>A file coming from the Hub: for the run <see cref="ExperimentId"/> (null: asked for on the Models page).</summary>
public sealed record DownloadUpdate(int? ExperimentId, DownloadProgress Progress);
