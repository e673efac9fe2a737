namespace FedBpt.Engine.Federation;

/// <summary>
/// One per-round number: its name in metrics.jsonl and metrics.csv (<see cref="Name"/>), its TensorBoard/MLflow tag
/// (null: not tracked) and how to read it from the <see cref="RoundRecord"/> (whose property the API serialises).
/// </summary>
public sealed record RoundColumn(string Name, string? Tag, bool Integer, Func<RoundRecord, double?> Value)
{
    /// <summary>Only meaningful for a round that trained (the manual baseline has no fitness or σ): trackers skip it otherwise.</summary>
    public bool TrainedOnly { get; init; }

    /// <summary>Decimals kept in metrics.jsonl (null: all, round-trippable).</summary>
    public int? FileDigits { get; init; }
}

/// <summary>
/// The per-round numbers, in file order: the one list metrics.jsonl, metrics.csv and the trackers are written from. Adding
/// a per-round number: a property on <see cref="RoundRecord"/> (set by the simulator), one column here, and its storage
/// column (the entity, its line in <c>RoundRows</c>, a migration per provider).
/// </summary>
public static class RoundColumns
{
    public static RoundColumn Round { get; } = new("round", null, true, r => r.Round);

    /// <summary>Global test metric of the round's global mean (accuracy, or F1 for MRPC), before training. The tag is the reference's (NVFlare's FedBPT).</summary>
    public static RoundColumn GlobalTestAccuracy { get; } = new("global_test_accuracy", "global_test_acc", false, r => r.GlobalTestAccuracy);

    public static RoundColumn TrainFitnessMean { get; } = new("train_fitness_mean", "train_fitness_mean", false, r => r.TrainFitnessMean) { TrainedOnly = true };
    public static RoundColumn TrainFitnessMin { get; } = new("train_fitness_min", "train_fitness_min", false, r => r.TrainFitnessMin) { TrainedOnly = true };
    public static RoundColumn TrainFitnessMax { get; } = new("train_fitness_max", "train_fitness_max", false, r => r.TrainFitnessMax) { TrainedOnly = true };

    /// <summary>The server's step size sent to the clients at the round's start.</summary>
    public static RoundColumn Sigma { get; } = new("sigma", "sigma", false, r => r.Sigma) { TrainedOnly = true };

    /// <summary>LM queries (sequences scored) since the run began, cumulative.</summary>
    public static RoundColumn LmQueries { get; } = new("lm_queries", "lm_queries", true, r => r.LmQueries);

    /// <summary>Bytes of the clients' updates this round.</summary>
    public static RoundColumn BytesUp { get; } = new("bytes_up", "bytes_up", true, r => r.BytesUp);

    /// <summary>Bytes of the global model sent to the clients this round.</summary>
    public static RoundColumn BytesDown { get; } = new("bytes_down", "bytes_down", true, r => r.BytesDown);

    /// <summary>Wall-clock seconds since the run began, cumulative (not tracked: the trackers stamp their own time).</summary>
    public static RoundColumn WallSeconds { get; } = new("wall_seconds", null, false, r => r.WallSeconds) { FileDigits = 2 };

    public static IReadOnlyList<RoundColumn> All { get; } =
        [Round, GlobalTestAccuracy, TrainFitnessMean, TrainFitnessMin, TrainFitnessMax, Sigma, LmQueries, BytesUp, BytesDown, WallSeconds];

    /// <summary>One round as a metrics.jsonl line (no line break).</summary>
    public static string ToJsonLine(RoundRecord r)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var column in All)
            {
                var value = column.Value(r);
                if (value is not double v) json.WriteNull(column.Name);
                else if (column.Integer) json.WriteNumber(column.Name, (long)v);
                else json.WriteNumber(column.Name, column.FileDigits is int digits ? Math.Round(v, digits) : v);
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
