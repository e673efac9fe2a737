namespace FedBpt.Storage.Experiments;

/// <summary>Everything a completed round produces; <see cref="ExperimentStore.RecordRoundAsync"/> stores it all or nothing.</summary>
public sealed record RoundRecord
{
    /// <summary>0-based; must be the experiment's next round.</summary>
    public required int Round { get; init; }
    public double? GlobalTestAccuracy { get; init; }
    public double? TrainFitnessMean { get; init; }
    public double? TrainFitnessMin { get; init; }
    public double? TrainFitnessMax { get; init; }
    public required double Sigma { get; init; }
    /// <summary>Cumulative since the start of the run.</summary>
    public required long LmQueries { get; init; }
    public required long BytesUp { get; init; }
    public required long BytesDown { get; init; }
    /// <summary>Cumulative since the start of the run.</summary>
    public required double WallSeconds { get; init; }
    public IReadOnlyList<ClientRoundRecord> Clients { get; init; } = [];
    /// <summary>
    /// The prompt document after this round. It becomes the Final prompt, and the Best prompt when this round's
    /// accuracy beats every earlier one, so the two artifacts always agree with the experiment's summary.
    /// </summary>
    public required string PromptJson { get; init; }
    /// <summary>The engine's resumable state after this round; replaces the previous checkpoint when given.</summary>
    public byte[]? CheckpointState { get; init; }
}

public sealed record ClientRoundRecord(int ClientIndex, double Fitness, double Sigma, int Examples, long LmQueries);
