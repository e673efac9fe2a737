namespace FedBpt.Web.Components.Charts;

/// <summary>
/// TensorBoard's scalar smoothing: an exponential moving average with weight <c>w</c> in [0, 1), debiased like
/// Adam's moments so that the first points are not pulled towards zero:
/// <c>last = w·last + (1−w)·v</c>, <c>smoothed = last / (1 − wⁿ)</c> after n finite values.
/// Missing values stay missing and non-finite ones pass through unchanged, as TensorBoard does.
/// </summary>
public static class EmaSmoothing
{
    public const double MaxWeight = 0.99;

    public static double?[] Smooth(IReadOnlyList<double?> values, double weight, bool debias = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (double.IsNaN(weight) || weight < 0 || weight >= 1)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "must be in [0, 1).");

        var smoothed = new double?[values.Count];
        double last = 0;
        int seen = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
            {
                smoothed[i] = null;
                continue;
            }
            if (!double.IsFinite(v))
            {
                smoothed[i] = v;
                continue;
            }
            if (!debias && seen == 0) last = v; // without debiasing, start from the first value rather than zero
            else last = last * weight + (1 - weight) * v;
            seen++;
            smoothed[i] = debias ? last / (1 - Math.Pow(weight, seen)) : last;
        }
        return smoothed;
    }
}
