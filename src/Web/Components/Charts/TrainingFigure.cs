using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// One run's optimisation state per round: the clients' train fitness (mean, smoothed like the accuracy, over the
/// min–max band across clients) and the server's CMA-ES step size sigma on a second axis.
/// </summary>
public static class TrainingFigure
{
    public static Figure Build(RunSeries run, ChartOptions options, int height = 260)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var revision = new ChartRevision().Add(options).Add(height).Add(run.Color).Add(run.Points.Count);
        foreach (var p in run.Points)
        {
            revision.Add(p.Round).Add(p.TrainFitnessMean).Add(p.TrainFitnessMin).Add(p.TrainFitnessMax).Add(p.Sigma).Add(p.WallSeconds).Add(p.LmQueries);
        }

        var data = new List<ITrace>();
        var x = run.Points.Select(p => (object)XAxes.ValueOf(p, options.XAxis)).ToList();
        var axis = XAxes.Title(options.XAxis);
        if (options.ShowFitness)
        {
            var band = run.Points.Where(p => p.TrainFitnessMin is not null && p.TrainFitnessMax is not null).ToArray();
            if (band.Length > 0)
            {
                var bandX = band.Select(p => (object)XAxes.ValueOf(p, options.XAxis)).ToList();
                data.Add(new Scatter
                {
                    Name = "fitness max",
                    ShowLegend = false,
                    X = bandX,
                    Y = band.Select(p => (object)p.TrainFitnessMax!).ToList(),
                    Mode = ModeFlag.Lines,
                    Line = new Line { Width = 0, Color = "#2ca02c" },
                    HoverTemplate = $"{axis} %{{x}}<br>fitness max %{{y:.4f}}<extra></extra>",
                });
                data.Add(new Scatter
                {
                    Name = "fitness min–max (clients)",
                    X = bandX,
                    Y = band.Select(p => (object)p.TrainFitnessMin!).ToList(),
                    Mode = ModeFlag.Lines,
                    Fill = FillEnum.ToNextY,
                    FillColor = "rgba(44,160,44,0.15)",
                    Line = new Line { Width = 0, Color = "#2ca02c" },
                    HoverTemplate = $"{axis} %{{x}}<br>fitness min %{{y:.4f}}<extra></extra>",
                });
            }
            var raw = run.Points.Select(p => p.TrainFitnessMean).ToArray();
            var mean = options.Smoothing > 0 ? EmaSmoothing.Smooth(raw, Math.Min(options.Smoothing, EmaSmoothing.MaxWeight)) : raw;
            data.Add(new Scatter
            {
                Name = options.Smoothing > 0 ? "train fitness mean (smoothed)" : "train fitness mean",
                X = x,
                Y = mean.Select(v => (object)v!).ToList(),
                Mode = ModeFlag.Lines,
                Line = new Line { Color = "#2ca02c", Width = 2 },
                HoverTemplate = $"{axis} %{{x}}<br>fitness mean %{{y:.4f}}<extra></extra>",
            });
        }
        if (options.ShowSigma)
        {
            data.Add(new Scatter
            {
                Name = "sigma (server)",
                X = x,
                Y = run.Points.Select(p => (object)p.Sigma).ToList(),
                YAxis = options.ShowFitness ? "y2" : "y",
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                Line = new Line { Color = "#9467bd", Width = 1.5m, Dash = "dot" },
                Marker = new Marker { Color = "#9467bd", Size = 4 },
                HoverTemplate = $"{axis} %{{x}}<br>sigma %{{y:.4f}}<extra></extra>",
            });
        }

        var yAxes = new List<YAxis>
        {
            new() { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = options.ShowFitness ? "train fitness" : "sigma" } },
        };
        if (options.ShowFitness && options.ShowSigma)
        {
            yAxes.Add(new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "sigma" },
                Overlaying = "y",
                Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
                ShowGrid = false,
            });
        }

        var layout = new PlotLayout
        {
            Height = height,
            Margin = new Margin { L = 60, R = 60, T = 10, B = 50 },
            UiRevision = options.XAxis.ToString(),
            XAxis = [XAxes.Axis(options.XAxis, run.Points.Count)],
            YAxis = yAxes,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m }],
        };
        return new Figure(data, layout, revision.Value);
    }
}
