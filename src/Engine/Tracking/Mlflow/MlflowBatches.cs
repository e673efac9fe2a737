namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>One <c>runs/log-batch</c> request's content.</summary>
public sealed record MlflowBatch(
    IReadOnlyList<MlflowMetric> Metrics,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>
/// Splits what is to be logged into <c>runs/log-batch</c> requests within MLflow's limits: at most 1000 metrics,
/// 100 params and 100 tags per request, and 1000 entities in all.
/// </summary>
public static class MlflowBatches
{
    public const int MaxMetrics = 1000;
    public const int MaxParams = 100;
    public const int MaxTags = 100;
    public const int MaxEntities = 1000;

    public static IEnumerable<MlflowBatch> Split(
        IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>>? parameters = null,
        IReadOnlyList<KeyValuePair<string, string>>? tags = null)
    {
        parameters ??= [];
        tags ??= [];
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < parameters.Count || t < tags.Count)
        {
            int np = Math.Min(MaxParams, parameters.Count - p);
            int nt = Math.Min(MaxTags, tags.Count - t);
            int nm = Math.Min(Math.Min(MaxMetrics, MaxEntities - np - nt), metrics.Count - m);
            yield return new MlflowBatch(Slice(metrics, m, nm), Slice(parameters, p, np), Slice(tags, t, nt));
            (m, p, t) = (m + nm, p + np, t + nt);
        }
    }

    private static T[] Slice<T>(IReadOnlyList<T> items, int start, int count) => items.Skip(start).Take(count).ToArray();
}
