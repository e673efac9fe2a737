namespace FedBpt.Storage.Entities;

/// <summary>
/// One FedBPT run. <see cref="SpecJson"/> is the source of truth for the configuration; the columns next to it
/// are copies for the runs grid (sorting, filtering) and are written once, at creation.
/// </summary>
public class Experiment
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string SpecJson { get; set; }

    public required string Task { get; set; }
    public required string Model { get; set; }
    public required string Algorithm { get; set; }
    public int NumClients { get; set; }
    public int NumRounds { get; set; }
    public bool Iid { get; set; }
    public long Seed { get; set; }

    public ExperimentStatus Status { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    public string? Error { get; set; }

    /// <summary>Rounds recorded so far; rounds are 0-based, so this is also the next round to record.</summary>
    public int RoundsCompleted { get; set; }
    public double? BestAccuracy { get; set; }
    public int? BestRound { get; set; }
    public double? FinalAccuracy { get; set; }
    public double? ZeroShotAccuracy { get; set; }
    public string? Device { get; set; }
    /// <summary>Cumulative wall-clock seconds of training, as of the last recorded round.</summary>
    public double WallSeconds { get; set; }
    public string? HangfireJobId { get; set; }
    /// <summary>Client × class example counts of the partition, as JSON.</summary>
    public string? LabelDistributionJson { get; set; }

    /// <summary>
    /// Run lease: the worker that may execute this run, until <see cref="LeaseExpiresUtc"/>. Hangfire delivers a job
    /// at least once, so a second delivery must not start a run that is alive elsewhere.
    /// </summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresUtc { get; set; }

    /// <summary>The sweep this run is a point of, or null for a single run.</summary>
    public int? SweepId { get; set; }
    /// <summary>The Hangfire queue (<c>FedBpt:Queues</c>) whose workers may run it; null: any worker.</summary>
    public string? Queue { get; set; }
}
