using System.Globalization;
using System.Reflection;
using System.Text;
using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Api.Experiments;

/// <summary>Per-round metrics as CSV: the columns of <see cref="RoundColumns"/> (as metrics.jsonl), invariant culture, round-trippable numbers.</summary>
internal static class MetricsCsv
{
    public static readonly string Header = string.Join(',', RoundColumns.All.Select(c => c.Name));

    // Each column read from the stored round's property of the column's name: a column without one fails here, at start.
    private static readonly PropertyInfo[] Properties = RoundColumns.All
        .Select(c => typeof(RoundMetric).GetProperty(c.Property) ?? throw new InvalidOperationException($"RoundMetric has no {c.Property} for column {c.Name}."))
        .ToArray();

    public static string Write(IEnumerable<RoundMetric> rounds)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var r in rounds)
            csv.AppendJoin(',', Properties.Select(p => Format(p.GetValue(r)))).Append('\n');
        return csv.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
