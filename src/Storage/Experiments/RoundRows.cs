using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;

namespace FedBpt.Storage.Experiments;

/// <summary>The one mapping between the engine's <see cref="RoundRecord"/> and its stored rows.</summary>
internal static class RoundRows
{
    public static RoundMetric ToRow(int experimentId, RoundRecord r, DateTime recordedUtc) => new()
    {
        ExperimentId = experimentId,
        Round = r.Round,
        GlobalTestAccuracy = r.GlobalTestAccuracy,
        TrainFitnessMean = r.TrainFitnessMean,
        TrainFitnessMin = r.TrainFitnessMin,
        TrainFitnessMax = r.TrainFitnessMax,
        Sigma = r.Sigma,
        LmQueries = r.LmQueries,
        BytesUp = r.BytesUp,
        BytesDown = r.BytesDown,
        WallSeconds = r.WallSeconds,
        RecordedUtc = recordedUtc,
    };

    public static IEnumerable<ClientRoundMetric> ToClientRows(int experimentId, RoundRecord r) =>
        r.Clients.Select(c => new ClientRoundMetric
        {
            ExperimentId = experimentId,
            Round = r.Round,
            Client = c.Client,
            Fitness = c.Fitness,
            Sigma = c.Sigma,
            Examples = c.Examples,
            LmQueries = c.LmQueries,
        });

    public static RoundRecord ToRecord(RoundMetric r, IEnumerable<ClientRoundMetric> clients) => new()
    {
        Round = r.Round,
        GlobalTestAccuracy = r.GlobalTestAccuracy,
        TrainFitnessMean = r.TrainFitnessMean,
        TrainFitnessMin = r.TrainFitnessMin,
        TrainFitnessMax = r.TrainFitnessMax,
        Sigma = r.Sigma,
        LmQueries = r.LmQueries,
        BytesUp = r.BytesUp,
        BytesDown = r.BytesDown,
        WallSeconds = r.WallSeconds,
        Clients = [.. clients.OrderBy(c => c.Client).Select(c => new ClientRound(c.Client, c.Fitness, c.Sigma, c.Examples, c.LmQueries))],
    };
}
