using FedBpt.Engine.Federation;

namespace FedBpt.Web.Components.Charts;

/// <summary>One run's curve on a chart: its rounds, its colour and the reference lines drawn with it.</summary>
public sealed record RunSeries(string Name, string Color, IReadOnlyList<RoundRecord> Points, double? ZeroShotAccuracy = null)
{
    /// <summary>The best of the points plotted (<see cref="BestRound"/>, the store's rule), so that the marker never lags the curve.</summary>
    public RoundRecord? Best => BestRound.Of(Points);
}

/// <summary>How the training curves are drawn; the same on the run page and on the compare page.</summary>
public sealed record ChartOptions
{
    public XAxisKind XAxis { get; init; } = XAxisKind.Round;

    /// <summary>EMA weight, 0 (raw) … 0.99, as TensorBoard's slider.</summary>
    public double Smoothing { get; init; } = 0.6;

    public bool ShowZeroShot { get; init; } = true;
    public bool ShowFitness { get; init; }
    public bool ShowSigma { get; init; }
}

/// <summary>A colour per run, the dashboard's primary first.</summary>
public static class SeriesColors
{
    private static readonly string[] Palette =
        ["#2f5d8a", "#e07a1f", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string At(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];
}
