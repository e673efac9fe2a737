using System.Globalization;
using System.Text;
using FedBpt.Engine.Federation;

namespace FedBpt.Web.Api.Experiments;

/// <summary>Per-round metrics as CSV: the columns of <see cref="RoundColumns"/> (as metrics.jsonl), invariant culture, round-trippable numbers.</summary>
internal static class MetricsCsv
{
    public static readonly string Header = string.Join(',', RoundColumns.All.Select(c => c.Name));

    public static string Write(IEnumerable<RoundRecord> rounds)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var r in rounds)
            csv.AppendJoin(',', RoundColumns.All.Select(c => Format(c, c.Value(r)))).Append('\n');
        return csv.ToString();
    }

    private static string Format(RoundColumn column, double? value) => value switch
    {
        null => "",
        double v when column.Integer => ((long)v).ToString(CultureInfo.InvariantCulture),
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
