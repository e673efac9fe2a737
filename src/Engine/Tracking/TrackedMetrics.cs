using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tracking;

/// <summary>
/// The per-round scalars a run reports to TensorBoard and MLflow: the <see cref="RoundColumns"/> that have a tag. The
/// accuracy keeps the reference's tag (NVFlare's FedBPT logs <c>global_test_acc</c>), so its curve sits beside a reference run's.
/// </summary>
public static class TrackedMetrics
{
    public static string GlobalTestAccuracy => RoundColumns.GlobalTestAccuracy.Tag!;
    public static string TrainFitnessMean => RoundColumns.TrainFitnessMean.Tag!;
    public static string TrainFitnessMin => RoundColumns.TrainFitnessMin.Tag!;
    public static string TrainFitnessMax => RoundColumns.TrainFitnessMax.Tag!;
    public static string Sigma => RoundColumns.Sigma.Tag!;
    public static string LmQueries => RoundColumns.LmQueries.Tag!;
    public static string BytesUp => RoundColumns.BytesUp.Tag!;
    public static string BytesDown => RoundColumns.BytesDown.Tag!;

    /// <summary>
    /// The scalars of one round, step = <see cref="RoundRecord.Round"/> (0-based, as in metrics.jsonl and the API).
    /// A round without a test evaluation has no accuracy; the manual baseline trains nothing, so it has no fitness or σ.
    /// </summary>
    public static IReadOnlyList<(string Name, double Value)> Of(RoundRecord r)
    {
        var values = new List<(string, double)>(RoundColumns.All.Count);
        foreach (var column in RoundColumns.All)
        {
            if (column.Tag is null || (column.TrainedOnly && r.Clients.Count == 0)) continue;
            if (column.Value(r) is double value) values.Add((column.Tag, value));
        }
        return values;
    }
}
