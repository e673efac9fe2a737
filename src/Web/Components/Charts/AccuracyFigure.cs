using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// Global test accuracy per round for one or more runs: the smoothed curve over the raw one drawn faint, a star on
/// each run's best round and a dashed line at its zero-shot accuracy.
/// </summary>
public static class AccuracyFigure
{
    public const int RawOpacityPercent = 30;

    public static Figure Build(IReadOnlyList<RunSeries> series, ChartOptions options, int height = 380)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var revision = new ChartRevision().Add(options).Add(height);
        var data = new List<ITrace>();
        var shapes = new List<Shape>();
        bool smoothing = options.Smoothing > 0;

        foreach (var run in series)
        {
            revision.Add(run.Name).Add(run.Color).Add(run.ZeroShotAccuracy).Add(run.Points.Count);
            var points = run.Points.Where(p => p.GlobalTestAccuracy is not null).ToArray();
            var x = points.Select(p => (object)XAxes.ValueOf(p, options.XAxis)).ToList();
            var raw = points.Select(p => p.GlobalTestAccuracy).ToArray();
            foreach (var p in points) revision.Add(p.Round).Add(p.GlobalTestAccuracy).Add(p.WallSeconds).Add(p.LmQueries);

            data.Add(new Scatter
            {
                Name = smoothing ? $"{run.Name} (raw)" : run.Name,
                LegendGroup = run.Name,
                ShowLegend = !smoothing,
                X = x,
                Y = raw.Select(v => (object)v!).ToList(),
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                Opacity = smoothing ? RawOpacityPercent / 100m : 1m,
                Line = new Line { Color = run.Color, Width = smoothing ? 1 : 2 },
                Marker = new Marker { Color = run.Color, Size = smoothing ? 4 : 6 },
                HoverTemplate = $"{Escape(run.Name)}<br>{XAxes.Title(options.XAxis)} %{{x}}<br>accuracy %{{y:.2%}}<extra></extra>",
            });
            if (smoothing)
            {
                var smooth = EmaSmoothing.Smooth(raw, Math.Min(options.Smoothing, EmaSmoothing.MaxWeight));
                data.Add(new Scatter
                {
                    Name = run.Name,
                    LegendGroup = run.Name,
                    X = x,
                    Y = smooth.Select(v => (object)v!).ToList(),
                    Mode = ModeFlag.Lines,
                    Line = new Line { Color = run.Color, Width = 2 },
                    HoverTemplate = $"{Escape(run.Name)} (smoothed)<br>{XAxes.Title(options.XAxis)} %{{x}}<br>accuracy %{{y:.2%}}<extra></extra>",
                });
            }

            if (run.Best is { GlobalTestAccuracy: { } bestAccuracy } best)
            {
                data.Add(new Scatter
                {
                    Name = $"best: round {best.Round + 1}",
                    LegendGroup = run.Name,
                    ShowLegend = series.Count == 1,
                    X = [XAxes.ValueOf(best, options.XAxis)],
                    Y = [bestAccuracy],
                    Mode = ModeFlag.Markers,
                    Marker = new Marker
                    {
                        Color = run.Color,
                        Size = 14,
                        Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Star,
                        Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 1 },
                    },
                    HoverTemplate = $"{Escape(run.Name)}<br>best accuracy %{{y:.2%}} at round {best.Round + 1}<extra></extra>",
                });
            }

            if (options.ShowZeroShot && run.ZeroShotAccuracy is { } zeroShot)
            {
                shapes.Add(new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                    XRef = "paper",
                    X0 = 0,
                    X1 = 1,
                    YRef = "y",
                    Y0 = zeroShot,
                    Y1 = zeroShot,
                    Name = series.Count == 1 ? "zero-shot" : $"{run.Name} zero-shot",
                    ShowLegend = true,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = run.Color, Width = 1.5m, Dash = "dash" },
                });
            }
        }

        var layout = new PlotLayout
        {
            Height = height,
            Margin = new Margin { L = 60, R = 20, T = 10, B = 50 },
            UiRevision = options.XAxis.ToString(), // keeps the user's zoom across live updates, resets it with the axis
            XAxis = [XAxes.Axis(options.XAxis, series.Select(s => s.Points.Count).DefaultIfEmpty().Max())],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "global test accuracy" }, TickFormat = ".1%" }],
            Shapes = shapes,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m }],
            HoverMode = HoverModeEnum.Closest,
        };
        return new Figure(data, layout, revision.Value);
    }

    /// <summary>Run names go into plotly hover templates, which treat %{…} as placeholders and accept HTML.</summary>
    internal static string Escape(string text) =>
        System.Net.WebUtility.HtmlEncode(text).Replace("{", "&#123;", StringComparison.Ordinal);
}
