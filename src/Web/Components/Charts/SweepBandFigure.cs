using System.Globalization;
using FedBpt.Web.Sweeps;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// A sweep's accuracy per round: per setting, the mean across seeds as a line over a shaded ±1 std band (or the
/// min–max band), one legend entry per setting named by its differing keys.
/// </summary>
public static class SweepBandFigure
{
    public const decimal BandOpacity = 0.2m;

    public static Figure Build(IReadOnlyList<SweepSetting> settings, bool minMax, int height = 420)
    {
        var revision = new ChartRevision().Add(minMax).Add(height);
        var data = new List<ITrace>();
        for (int i = 0; i < settings.Count; i++)
        {
            var setting = settings[i];
            var color = SeriesColors.At(i);
            var rounds = setting.Rounds;
            revision.Add(setting.Label).Add(rounds.Count);
            foreach (var r in rounds) revision.Add(r.Accuracy.Mean).Add(r.Accuracy.N);
            // Rounds are shown 1-based, as the rest of the dashboard shows them.
            var x = rounds.Select(r => (object)(r.Round + 1)).ToList();
            var (low, high) = minMax
                ? (rounds.Select(r => r.Accuracy.Min), rounds.Select(r => r.Accuracy.Max))
                : (rounds.Select(r => r.Accuracy.Mean - (r.Accuracy.Std ?? 0)), rounds.Select(r => r.Accuracy.Mean + (r.Accuracy.Std ?? 0)));

            data.Add(new Scatter
            {
                Name = $"{setting.Label} upper", LegendGroup = setting.Label, ShowLegend = false, X = x,
                Y = high.Select(v => (object)v).ToList(), Mode = ModeFlag.Lines, Line = new Line { Width = 0, Color = color },
                HoverInfo = HoverInfoFlag.Skip,
            });
            data.Add(new Scatter
            {
                Name = $"{setting.Label} {(minMax ? "min–max" : "±1 std")}", LegendGroup = setting.Label, ShowLegend = false, X = x,
                Y = low.Select(v => (object)v).ToList(), Mode = ModeFlag.Lines, Line = new Line { Width = 0, Color = color },
                Fill = FillEnum.ToNextY, FillColor = Translucent(color), HoverInfo = HoverInfoFlag.Skip,
            });
            data.Add(new Scatter
            {
                Name = setting.Label, LegendGroup = setting.Label, X = x,
                Y = rounds.Select(r => (object)r.Accuracy.Mean).ToList(),
                // Hover shows std and n: "±0.0123 (n=3)" per point.
                CustomData = rounds.Select(r => (object)$"± {(r.Accuracy.Std is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : "–")} (n={r.Accuracy.N})").ToList(),
                Mode = ModeFlag.Lines | ModeFlag.Markers, Line = new Line { Color = color, Width = 2 }, Marker = new Marker { Color = color, Size = 5 },
                HoverTemplate = $"{AccuracyFigure.Escape(setting.Label)}<br>round %{{x}}<br>mean %{{y:.2%}} %{{customdata}}<extra></extra>",
            });
        }
        var layout = new PlotLayout
        {
            Height = height,
            Margin = new Margin { L = 60, R = 20, T = 10, B = 50 },
            XAxis = [XAxes.Axis(XAxisKind.Round, settings.Select(s => s.Rounds.Count).DefaultIfEmpty().Max())],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "global test accuracy" }, TickFormat = ".1%" }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m }],
            HoverMode = HoverModeEnum.Closest,
        };
        return new Figure(data, layout, revision.Value);
    }

    /// <summary>"#2f5d8a" → "rgba(47,93,138,0.2)".</summary>
    public static string Translucent(string hex)
    {
        int rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"rgba({(rgb >> 16) & 0xFF},{(rgb >> 8) & 0xFF},{rgb & 0xFF},{BandOpacity})");
    }
}
