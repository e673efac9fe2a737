using FedBpt.Storage.Entities;

namespace FedBpt.Web.Jobs;

/// <summary>Why a run ended before its last round, as the job records it.</summary>
public enum StopReason
{
    /// <summary>The user cancelled it (the database says Cancelled).</summary>
    Cancelled,
    /// <summary>It already ended otherwise (completed or failed): that status stands.</summary>
    AlreadyEnded,
    /// <summary>Another worker took the run lease over and continues it.</summary>
    LeaseLost,
    /// <summary>The host is stopping: give the lease back; the run resumes on the next start.</summary>
    Interrupted,
    /// <summary>Its Hangfire job was deleted (the dashboard cancels its token): treated as a cancel.</summary>
    JobDeleted,
    /// <summary>Anything else.</summary>
    Failed,
}

/// <summary>
/// Works out from the database's status, not from the exception alone, why the run stopped; pure, so that every case is
/// a row of a table test.
/// </summary>
public static class StopReasons
{
    public static StopReason Classify(ExperimentStatus status, bool leaseLost, bool cancellation, bool stopRequested, bool hostStopping)
    {
        if (status == ExperimentStatus.Cancelled) return StopReason.Cancelled;
        if (ExperimentStatusTransitions.IsFinal(status)) return StopReason.AlreadyEnded;
        if (leaseLost) return StopReason.LeaseLost;
        if (cancellation && stopRequested) return hostStopping ? StopReason.Interrupted : StopReason.JobDeleted;
        return StopReason.Failed;
    }
}
