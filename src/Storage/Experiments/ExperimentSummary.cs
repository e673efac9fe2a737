using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Experiments;

/// <summary>A row of the runs grid: everything but the large JSON columns.</summary>
public sealed record ExperimentSummary
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required string Task { get; init; }
    public required string Model { get; init; }
    public required string Algorithm { get; init; }
    public required int NumClients { get; init; }
    public required int NumRounds { get; init; }
    public required bool Iid { get; init; }
    public required long Seed { get; init; }
    public required ExperimentStatus Status { get; init; }
    public required DateTime CreatedUtc { get; init; }
    public DateTime? StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    public required int RoundsCompleted { get; init; }
    public double? BestAccuracy { get; init; }
    public int? BestRound { get; init; }
    public double? FinalAccuracy { get; init; }
    public double? ZeroShotAccuracy { get; init; }
    public required double WallSeconds { get; init; }
    public string? Error { get; init; }
    public int? SweepId { get; init; }
    public string? Queue { get; init; }

    /// <summary>Rounds done, time spent and left (<see cref="Engine.Federation.RunProgress"/>).</summary>
    public RunProgress RunProgress => new(RoundsCompleted, NumRounds, WallSeconds, Status == ExperimentStatus.Running);

    /// <summary>Fraction of rounds done, 0..1.</summary>
    public double Progress => RunProgress.Fraction;
}
