using System.Text.Json.Nodes;
using FedBpt.Web.Sweeps;

namespace FedBpt.Web.Tests.Sweeps;

public sealed class SweepStatsTests
{
    private static SweepRun Run(int id, double sigma, long seed, bool completed, double? best, double? final, params double[] accuracy) =>
        new(id, new JsonObject { ["sigma"] = sigma, ["seed"] = seed }, completed, best, final, [.. accuracy.Select((a, i) => (i, a))]);

    [Fact]
    public void Settings_group_by_the_non_seed_axes_with_sample_std_over_seeds()
    {
        var settings = SweepStats.Aggregate(["sigma", "seed"],
        [
            Run(1, 0.5, 1, true, 0.80, 0.70, 0.60, 0.70),
            Run(2, 0.5, 2, true, 0.90, 0.80, 0.70, 0.80),
            Run(3, 0.5, 3, true, 0.85, 0.90, 0.80, 0.90),
            Run(4, 1.0, 1, true, 0.60, 0.60, 0.60),
        ]);

        Assert.Equal(["sigma=0.5", "sigma=1"], settings.Select(s => s.Label));
        var half = settings[0];
        Assert.Equal([1, 2, 3], half.ExperimentIds);
        // Final 0.7, 0.8, 0.9: mean 0.8, sample variance ((0.1² + 0 + 0.1²) / 2) = 0.01, std 0.1.
        Assert.Equal(3, half.Final!.N);
        Assert.Equal(0.8, half.Final.Mean, 12);
        Assert.Equal(0.1, half.Final.Std!.Value, 12);
        Assert.Equal((0.7, 0.9), (half.Final.Min, half.Final.Max));
        // Best 0.80, 0.90, 0.85: mean 0.85, variance (0.0025 + 0.0025 + 0) / 2 = 0.0025, std 0.05.
        Assert.Equal(0.85, half.Best!.Mean, 12);
        Assert.Equal(0.05, half.Best.Std!.Value, 12);
        // Round 0: 0.6, 0.7, 0.8.
        Assert.Equal([0, 1], half.Rounds.Select(r => r.Round));
        Assert.Equal(0.7, half.Rounds[0].Accuracy.Mean, 12);
        Assert.Equal(0.1, half.Rounds[0].Accuracy.Std!.Value, 12);
        // One seed: no spread to report.
        Assert.Null(settings[1].Final!.Std);
        Assert.Equal("0.6000 ± – (n=1)", settings[1].Final!.Show());
    }

    [Fact]
    public void The_table_counts_completed_runs_only_and_the_chart_every_recorded_round()
    {
        var settings = SweepStats.Aggregate(["seed"],
        [
            Run(1, 0.5, 1, true, 0.8, 0.8, 0.5, 0.8),
            Run(2, 0.5, 2, false, 0.6, 0.6, 0.6),
        ]);

        var all = Assert.Single(settings);
        Assert.Equal("all runs", all.Label);
        Assert.Equal((1, 1), (all.Final!.N, all.Completed));
        Assert.Equal(2, all.Rounds[0].Accuracy.N);
        Assert.Equal(1, all.Rounds[1].Accuracy.N);
    }

    [Fact]
    public void The_csv_has_one_row_per_setting_and_quotes_labels_with_commas()
    {
        var settings = SweepStats.Aggregate(["evalClients", "seed"],
        [
            new SweepRun(1, new JsonObject { ["evalClients"] = new JsonArray("a", "b") }, true, 0.5, 0.25, []),
            new SweepRun(2, new JsonObject { ["evalClients"] = new JsonArray("a", "b") }, true, 0.75, 0.75, []),
        ]);

        var lines = SweepStats.Csv(settings).TrimEnd('\n').Split('\n');

        Assert.Equal(SweepStats.CsvHeader, lines[0]);
        Assert.Equal("\"evalClients=[\"\"a\"\",\"\"b\"\"]\",2,2,0.625,0.1767766952966369,0.5,0.75,0.5,0.3535533905932738,0.25,0.75", lines[1]);
    }
}
