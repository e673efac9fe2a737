using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotLayout = Plotly.Blazor.Layout;

namespace FedBpt.Web.Components.Charts;

/// <summary>The partition's examples per client, one stacked bar per client and one colour per class: non-IID skew at a glance.</summary>
public static class LabelDistributionFigure
{
    public static Figure Build(LabelDistribution distribution, bool proportions, int height = 280)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var revision = new ChartRevision().Add(proportions).Add(height);
        var clients = Enumerable.Range(1, distribution.Counts.Count).Select(c => (object)$"site-{c}").ToList();
        var table = distribution.Table;
        // Each bar's hover also names the client's size and majority share (its label skew).
        var perClient = Enumerable.Range(0, table.NumClients)
            .Select(c => (object)string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{table.ClientTotals[c]} examples, majority {table.MaxClassShare(c):0%}"))
            .ToList();
        var data = new List<ITrace>();
        for (int k = 0; k < distribution.Labels.Count; k++)
        {
            var counts = distribution.Counts.Select(row => k < row.Count ? row[k] : 0).ToArray();
            foreach (var n in counts) revision.Add(n);
            data.Add(new Bar
            {
                Name = distribution.Labels[k],
                X = clients,
                Y = counts.Select(n => (object)n).ToList(),
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = SeriesColors.At(k) },
                CustomData = perClient,
                HoverTemplate = $"%{{x}}: %{{customdata}}<br>{AccuracyFigure.Escape(distribution.Labels[k])}: %{{y}}<extra></extra>",
            });
        }
        var layout = new PlotLayout
        {
            Height = height,
            BarMode = BarModeEnum.Stack,
            BarNorm = proportions ? BarNormEnum.Fraction : null,
            Margin = new Margin { L = 60, R = 20, T = 10, B = 40 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "client" } }],
            YAxis = [new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = proportions ? "share of examples" : "examples" },
                TickFormat = proportions ? ".0%" : null,
            }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
        };
        return new Figure(data, layout, revision.Value);
    }
}
