using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Components.Runs;
using Plotly.Blazor.Traces;

namespace FedBpt.Web.Tests.Components;

public sealed class ChartFigureTests
{
    private static RoundRecord Point(int round, double accuracy) => new()
    {
        Round = round, GlobalTestAccuracy = accuracy, TrainFitnessMean = 0.5, TrainFitnessMin = 0.4, TrainFitnessMax = 0.6, Sigma = 1.0,
        LmQueries = 100L * (round + 1), BytesUp = 10, BytesDown = 20, WallSeconds = 7.5 * (round + 1),
    };

    private static readonly RunSeries Run = new("run", "#123456", [Point(0, 0.5), Point(1, 0.8), Point(2, 0.6)], ZeroShotAccuracy: 0.45);

    [Fact]
    public void Smoothing_draws_the_smoothed_curve_over_the_faint_raw_one_with_a_star_on_the_best_round_and_the_zero_shot_line()
    {
        var figure = AccuracyFigure.Build([Run], new ChartOptions { Smoothing = 0.5 });

        var traces = figure.Data.Cast<Scatter>().ToArray();
        Assert.Equal(3, traces.Length);
        var (raw, smoothed, best) = (traces[0], traces[1], traces[2]);
        Assert.True(raw.Opacity < 0.5m);
        Assert.Equal([0.5, 0.8, 0.6], raw.Y.Cast<double>());
        Assert.Equal(EmaSmoothing.Smooth([0.5, 0.8, 0.6], 0.5).Select(v => v!.Value), smoothed.Y.Cast<double>());
        Assert.Equal([2.0], best.X.Cast<double>()); // round 1 (0-based) is shown as round 2
        Assert.Equal([0.8], best.Y.Cast<double>());
        var zeroShot = Assert.Single(figure.Layout.Shapes);
        Assert.Equal(0.45, Convert.ToDouble(zeroShot.Y0));
        Assert.Equal("dash", zeroShot.Line.Dash);
    }

    [Fact]
    public void Without_smoothing_or_zero_shot_only_the_raw_curve_and_the_best_marker_remain()
    {
        var figure = AccuracyFigure.Build([Run], new ChartOptions { Smoothing = 0, ShowZeroShot = false, XAxis = XAxisKind.WallSeconds });

        Assert.Equal(2, figure.Data.Count);
        Assert.Equal([7.5, 15.0, 22.5], ((Scatter)figure.Data[0]).X.Cast<double>());
        Assert.Empty(figure.Layout.Shapes);
    }

    [Fact]
    public void The_revision_changes_with_the_data_and_the_options_only()
    {
        var options = new ChartOptions();
        var same = AccuracyFigure.Build([Run with { Points = [.. Run.Points] }], options).Revision;

        Assert.Equal(AccuracyFigure.Build([Run], options).Revision, same);
        Assert.NotEqual(same, AccuracyFigure.Build([Run with { Points = [.. Run.Points, Point(3, 0.7)] }], options).Revision);
        Assert.NotEqual(same, AccuracyFigure.Build([Run], options with { XAxis = XAxisKind.LmQueries }).Revision);
    }

    [Fact]
    public void The_eta_is_the_rounds_left_at_the_average_seconds_per_round_while_running()
    {
        var experiment = new Experiment
        {
            Name = "x", SpecJson = "{}", Task = "sst2", Model = "m", Algorithm = "fedbpt", NumRounds = 10, RoundsCompleted = 3,
            WallSeconds = 30, Status = ExperimentStatus.Running,
        };

        // The page holds a 4th round from an event that the summary does not count yet.
        var progress = ExperimentProgress.Of(experiment, Point(3, 0.5) with { WallSeconds = 40 });

        Assert.Equal((4, 0.4, 10.0), (progress.RoundsDone, progress.Fraction, progress.SecondsPerRound!.Value));
        Assert.Equal(60.0, progress.EtaSeconds!.Value, 9);
        experiment.Status = ExperimentStatus.Cancelled;
        Assert.Null(ExperimentProgress.Of(experiment, null).EtaSeconds);
    }

    [Fact]
    public void The_label_chart_hover_names_each_clients_size_and_majority_share()
    {
        var distribution = LabelDistribution.TryParse("""{"labels":["bad","great"],"clients":[[12,3],[0,5]]}""")!;

        var figure = LabelDistributionFigure.Build(distribution, proportions: false);

        var bars = figure.Data.Cast<Bar>().ToArray();
        Assert.Equal(2, bars.Length);
        Assert.All(bars, b => Assert.Equal(["15 examples, majority 80%", "5 examples, majority 100%"], b.CustomData.Cast<string>()));
        Assert.Contains("%{customdata}", bars[0].HoverTemplate);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5 GiB")]
    public void Bytes_are_shown_in_binary_units(long bytes, string expected) => Assert.Equal(expected, Units.Bytes(bytes));
}
