using System.Reflection;
using FedBpt.Engine.Federation;

namespace FedBpt.Tests.Common.Rounds;

/// <summary>
/// A <see cref="RoundRecord"/> whose every number differs from every other, set by reflection: a property added to
/// the record is covered without editing the tests that use it (columns, storage round trip).
/// </summary>
public static class DistinctRound
{
    /// <summary>The record's per-round numbers (everything but its clients).</summary>
    public static IReadOnlyList<PropertyInfo> Numbers { get; } =
        [.. typeof(RoundRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != nameof(RoundRecord.Clients))];

    public static RoundRecord Create(int round = 3)
    {
        var record = new RoundRecord { Round = round, Sigma = 0, LmQueries = 0, BytesUp = 0, BytesDown = 0, WallSeconds = 0 };
        int i = 0;
        foreach (var p in Numbers.Where(p => p.Name != nameof(RoundRecord.Round)))
        {
            i++;
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            object value = type == typeof(double) ? (object)(0.125 + i) : type == typeof(long) ? (object)(1000L + i)
                : type == typeof(int) ? (object)(100 + i) : throw new NotSupportedException($"{p.Name}: {p.PropertyType}");
            p.SetValue(record, value);
        }
        return record with { Clients = [new ClientRound(0, 1.5, 0.75, 8, 40), new ClientRound(1, 2.5, 0.5, 12, 60)] };
    }
}
