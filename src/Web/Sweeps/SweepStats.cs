using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FedBpt.Web.Sweeps;

/// <summary>Mean ± sample standard deviation (n − 1; null for n = 1), min and max of one quantity over a setting's seeds.</summary>
public sealed record Stat(int N, double Mean, double? Std, double Min, double Max)
{
    public static Stat? Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return null;
        var mean = v.Average();
        double? std = v.Length < 2 ? null : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new Stat(v.Length, mean, std, v.Min(), v.Max());
    }

    /// <summary>"0.8512 ± 0.0123 (n=3)", as the sweep table shows it.</summary>
    public string Show() =>
        string.Create(CultureInfo.InvariantCulture, $"{Mean:0.0000} ± {(Std is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : "–")} (n={N})");
}

/// <summary>One round of a setting: accuracy over the seeds that have recorded it.</summary>
public sealed record RoundBand(int Round, Stat Accuracy);

/// <summary>One setting of a sweep (its non-seed axis values) with its runs, per-round band and the table's statistics.</summary>
public sealed record SweepSetting(string Label, IReadOnlyList<int> ExperimentIds, IReadOnlyList<RoundBand> Rounds, Stat? Best, Stat? Final, int Completed);

/// <summary>What one run contributes: its axis values (from its stored spec), status, best/final accuracy and per-round accuracy.</summary>
public sealed record SweepRun(int Id, JsonObject Spec, bool Completed, double? Best, double? Final, IReadOnlyList<(int Round, double Accuracy)> Rounds);

/// <summary>
/// Aggregates a sweep the way results are reported: per setting, mean across seeds with a ±1 std band per round,
/// and best and final accuracy as mean ± std with n. The table counts completed runs only (a run still going
/// would pull its setting's final accuracy down); the chart shows every recorded round, with n per round.
/// </summary>
public static class SweepStats
{
    public static IReadOnlyList<SweepSetting> Aggregate(IReadOnlyList<string> axisKeys, IEnumerable<SweepRun> runs)
    {
        var keys = axisKeys.Where(k => k != SweepGrid.SeedKey).ToArray();
        return runs
            .GroupBy(r => keys.Length == 0 ? "all runs" : string.Join(" · ", keys.Select(k => $"{k}={SweepGrid.Show(r.Spec[k])}")))
            .Select(g =>
            {
                var completed = g.Where(r => r.Completed).ToArray();
                var rounds = g.SelectMany(r => r.Rounds).GroupBy(p => p.Round).OrderBy(p => p.Key)
                    .Select(p => new RoundBand(p.Key, Stat.Of(p.Select(x => x.Accuracy))!)).ToArray();
                return new SweepSetting(g.Key, [.. g.Select(r => r.Id)], rounds,
                    Stat.Of(completed.Where(r => r.Best is not null).Select(r => r.Best!.Value)),
                    Stat.Of(completed.Where(r => r.Final is not null).Select(r => r.Final!.Value)),
                    completed.Length);
            })
            .ToArray();
    }

    public const string CsvHeader = "setting,runs,completed,best_mean,best_std,best_min,best_max,final_mean,final_std,final_min,final_max";

    /// <summary>The table as CSV (invariant culture, round-trippable numbers; empty cells where there is no value).</summary>
    public static string Csv(IEnumerable<SweepSetting> settings)
    {
        var csv = new StringBuilder().Append(CsvHeader).Append('\n');
        foreach (var s in settings)
        {
            csv.AppendJoin(',', Quote(s.Label), s.ExperimentIds.Count.ToString(CultureInfo.InvariantCulture),
                    s.Completed.ToString(CultureInfo.InvariantCulture),
                    N(s.Best?.Mean), N(s.Best?.Std), N(s.Best?.Min), N(s.Best?.Max),
                    N(s.Final?.Mean), N(s.Final?.Std), N(s.Final?.Min), N(s.Final?.Max))
                .Append('\n');
        }
        return csv.ToString();
    }

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
