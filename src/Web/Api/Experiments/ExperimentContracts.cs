using System.Text.Json;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Jobs;

namespace FedBpt.Web.Api.Experiments;

public sealed record CreatedExperiment(int Id);

public sealed record ExperimentListItem(
    int Id,
    string Name,
    string Task,
    string Model,
    string Algorithm,
    ExperimentStatus Status,
    int RoundsCompleted,
    int NumRounds,
    double Progress,
    double? BestAccuracy,
    int? BestRound,
    double? FinalAccuracy,
    double? ZeroShotAccuracy,
    DateTime CreatedUtc,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    double WallSeconds,
    RunSuspension? Suspended)
{
    public static ExperimentListItem From(ExperimentSummary e, RunSuspension? suspended) =>
        new(e.Id, e.Name, e.Task, e.Model, e.Algorithm, e.Status, e.RoundsCompleted, e.NumRounds, e.Progress, e.BestAccuracy,
            e.BestRound, e.FinalAccuracy, e.ZeroShotAccuracy, e.CreatedUtc, e.StartedUtc, e.FinishedUtc, e.WallSeconds,
            e.Status == ExperimentStatus.Running ? suspended : null);
}

public sealed record ExperimentList(int TotalCount, IReadOnlyList<ExperimentListItem> Items);

public sealed record ExperimentDetail(
    int Id,
    string Name,
    string Task,
    string Model,
    string Algorithm,
    int NumClients,
    bool Iid,
    long Seed,
    ExperimentStatus Status,
    int RoundsCompleted,
    int NumRounds,
    double Progress,
    double? BestAccuracy,
    int? BestRound,
    double? FinalAccuracy,
    double? ZeroShotAccuracy,
    DateTime CreatedUtc,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    double WallSeconds,
    string? Device,
    string? Error,
    JsonElement Spec,
    JsonElement? LabelDistribution,
    RunSuspension? Suspended)
{
    /// <param name="suspended">Set while the run waits for the database to take its writes again (it stays Running).</param>
    public static ExperimentDetail From(Experiment e, RunSuspension? suspended) =>
        new(e.Id, e.Name, e.Task, e.Model, e.Algorithm, e.NumClients, e.Iid, e.Seed, e.Status, e.RoundsCompleted, e.NumRounds,
            ExperimentProgress.Of(e).Fraction, e.BestAccuracy, e.BestRound,
            e.FinalAccuracy, e.ZeroShotAccuracy, e.CreatedUtc, e.StartedUtc, e.FinishedUtc, e.WallSeconds, e.Device, e.Error,
            Parse(e.SpecJson), e.LabelDistributionJson is { } labels ? Parse(labels) : null,
            e.Status == ExperimentStatus.Running ? suspended : null); // a run cancelled while it waited no longer waits

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record ExperimentStatusResponse(int Id, ExperimentStatus Status);

public sealed record LogLineDto(long Id, DateTime TimestampUtc, string Level, string Message);
