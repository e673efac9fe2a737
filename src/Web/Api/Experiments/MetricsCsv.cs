using System.Globalization;
using System.Text;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Api.Experiments;

/// <summary>Per-round metrics as CSV, columns named as in the CLI's metrics.jsonl; invariant culture, round-trippable numbers.</summary>
internal static class MetricsCsv
{
    public const string Header =
        "round,global_test_accuracy,train_fitness_mean,train_fitness_min,train_fitness_max,sigma,lm_queries,bytes_up,bytes_down,wall_seconds";

    public static string Write(IEnumerable<RoundMetric> rounds)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var r in rounds)
        {
            csv.AppendJoin(',',
                    r.Round.ToString(CultureInfo.InvariantCulture), N(r.GlobalTestAccuracy), N(r.TrainFitnessMean), N(r.TrainFitnessMin),
                    N(r.TrainFitnessMax), N(r.Sigma), r.LmQueries.ToString(CultureInfo.InvariantCulture),
                    r.BytesUp.ToString(CultureInfo.InvariantCulture), r.BytesDown.ToString(CultureInfo.InvariantCulture), N(r.WallSeconds))
                .Append('\n');
        }
        return csv.ToString();
    }

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
