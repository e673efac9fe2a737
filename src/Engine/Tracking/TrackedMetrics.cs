using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tracking;

/// <summary>
/// The per-round scalars a run reports to TensorBoard and MLflow, under one set of names. The accuracy keeps the
/// reference's name (NVFlare's FedBPT logs <c>global_test_acc</c>), so its curve sits beside a reference run's.
/// </summary>
public static class TrackedMetrics
{
    /// <summary>Global test metric of the round's global mean (accuracy, or F1 for MRPC), before training.</summary>
    public const string GlobalTestAccuracy = "global_test_acc";
    public const string TrainFitnessMean = "train_fitness_mean";
    public const string TrainFitnessMin = "train_fitness_min";
    public const string TrainFitnessMax = "train_fitness_max";
    /// <summary>The server's step size sent to the clients this round.</summary>
    public const string Sigma = "sigma";
    /// <summary>LM queries (sequences scored) since the run began, cumulative.</summary>
    public const string LmQueries = "lm_queries";
    /// <summary>Bytes of the clients' updates this round.</summary>
    public const string BytesUp = "bytes_up";
    /// <summary>Bytes of the global model sent to the clients this round.</summary>
    public const string BytesDown = "bytes_down";

    /// <summary>
    /// The scalars of one round, step = <see cref="RoundResult.Round"/> (0-based, as in metrics.jsonl and the API).
    /// A round without a test evaluation has no accuracy; the manual baseline trains nothing, so it has no fitness or σ.
    /// </summary>
    public static IReadOnlyList<(string Name, double Value)> Of(RoundResult r)
    {
        var values = new List<(string, double)>(8);
        if (r.GlobalTestAccuracy is double accuracy) values.Add((GlobalTestAccuracy, accuracy));
        if (r.Clients.Count > 0)
        {
            values.Add((TrainFitnessMean, r.TrainFitnessMean));
            values.Add((TrainFitnessMin, r.TrainFitnessMin));
            values.Add((TrainFitnessMax, r.TrainFitnessMax));
            values.Add((Sigma, r.SigmaSent));
        }
        values.Add((LmQueries, r.LmQueries));
        values.Add((BytesUp, r.BytesUp));
        values.Add((BytesDown, r.BytesDown));
        return values;
    }
}
