using System.Text.Json;
using FedBpt.Engine.Federation;
using FedBpt.Tests.Common.Rounds;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>The per-round column list against the one round record it is written from.</summary>
public sealed class RoundColumnsTests
{
    [Fact]
    public void Every_number_of_the_round_record_has_exactly_one_column_in_record_order()
    {
        var round = DistinctRound.Create();
        var numbers = DistinctRound.Numbers.Select(p => Convert.ToDouble(p.GetValue(round), System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // Each property's value is distinct, so the column that reads it is identified by the value it returns.
        Assert.Equal(numbers, RoundColumns.All.Select(c => c.Value(round)!.Value));
    }

    [Fact]
    public void A_metrics_line_names_each_column_once_with_its_value()
    {
        var round = DistinctRound.Create();

        using var line = JsonDocument.Parse(RoundColumns.ToJsonLine(round));

        Assert.Equal(RoundColumns.All.Select(c => c.Name), line.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(round.BytesUp, line.RootElement.GetProperty(RoundColumns.BytesUp.Name).GetInt64());
        Assert.Equal(round.TrainFitnessMax, line.RootElement.GetProperty(RoundColumns.TrainFitnessMax.Name).GetDouble());
    }
}
