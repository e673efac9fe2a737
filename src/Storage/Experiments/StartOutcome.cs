namespace FedBpt.Storage.Experiments;

/// <summary>What <see cref="ExperimentStore.TryStartAsync"/> found.</summary>
public enum StartOutcome
{
    /// <summary>The caller holds the lease and should run (or resume from the checkpoint).</summary>
    Started,
    /// <summary>Another worker holds a live lease: this delivery is a duplicate and must not run.</summary>
    LeaseHeldByOther,
    /// <summary>The experiment already ended (completed, failed or cancelled): nothing to do.</summary>
    AlreadyFinished,
}
