using FedBpt.Storage.Entities;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// One round of a run as the charts and tables use it. A point built from a live event lacks what the event does
/// not carry (fitness range, bytes); <see cref="IsComplete"/> says whether it came from the database.
/// </summary>
public sealed record RoundPoint(
    int Round,
    double? Accuracy,
    double? FitnessMean,
    double? FitnessMin,
    double? FitnessMax,
    double Sigma,
    long LmQueries,
    long? BytesUp,
    long? BytesDown,
    double WallSeconds)
{
    public bool IsComplete => BytesUp is not null;

    public static RoundPoint From(RoundMetric r) =>
        new(r.Round, r.GlobalTestAccuracy, r.TrainFitnessMean, r.TrainFitnessMin, r.TrainFitnessMax, r.Sigma, r.LmQueries,
            r.BytesUp, r.BytesDown, r.WallSeconds);

    public static RoundPoint From(RoundUpdate u) =>
        new(u.Round, u.GlobalTestAccuracy, u.TrainFitnessMean, null, null, u.Sigma, u.LmQueries, null, null, u.WallSeconds);
}
