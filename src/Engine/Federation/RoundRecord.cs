using FedBpt.Engine.Data;

namespace FedBpt.Engine.Federation;

/// <summary>
/// One client's numbers in one round. <see cref="Sigma"/> is its local CMA-ES step size after its last update.
/// The names are those of the API's JSON (camelCase) and of the stored row.
/// </summary>
public sealed record ClientRound(int Client, double Fitness, double Sigma, int Examples, long LmQueries);

/// <summary>
/// The numbers of one completed round, with one set of names end to end: the simulator makes it, the store keeps
/// and returns it, the API serialises it (camelCase), the charts plot it and <see cref="RoundColumns"/> writes
/// metrics.jsonl, metrics.csv and the trackers from it. Adding a per-round number starts here.
/// </summary>
public sealed record RoundRecord
{
    /// <summary>0-based.</summary>
    public required int Round { get; init; }

    /// <summary>Global test metric of the round's global mean, before training; null on rounds without a global evaluation.</summary>
    public double? GlobalTestAccuracy { get; init; }

    public double? TrainFitnessMean { get; init; }
    public double? TrainFitnessMin { get; init; }
    public double? TrainFitnessMax { get; init; }

    /// <summary>The server's step size sent to the clients at the round's start.</summary>
    public required double Sigma { get; init; }

    /// <summary>LM queries (sequences scored) since the run began, cumulative.</summary>
    public required long LmQueries { get; init; }

    /// <summary>Bytes of the clients' updates this round.</summary>
    public required long BytesUp { get; init; }

    /// <summary>Bytes of the global model sent to the clients this round.</summary>
    public required long BytesDown { get; init; }

    /// <summary>Wall-clock seconds since the run began, cumulative.</summary>
    public required double WallSeconds { get; init; }

    public IReadOnlyList<ClientRound> Clients { get; init; } = [];
}

/// <summary>A prompt worth keeping: z with what is needed to rebuild and judge it.</summary>
public sealed record PromptSnapshot(int Round, double? Accuracy, double[] Z);

/// <summary>
/// What an observer gets when a round completes: its numbers, the Best and Final prompts so far and the checkpoint
/// to resume from.
/// </summary>
public sealed record CompletedRound(RoundRecord Record, PromptSnapshot? Best, PromptSnapshot Final, RunCheckpoint Checkpoint)
{
    public int Round => Record.Round;
}

/// <summary>What a run knows before round 0.</summary>
public sealed record RunStarted(
    int StartRound,
    int NumRounds,
    double ZeroShotAccuracy,
    int TestExamples,
    int TestDropped,
    LabelCountTable LabelCounts,
    string Strategy,
    string Device);

/// <summary>The outcome of a finished run.</summary>
public sealed record RunSummary(
    double? BestAccuracy,
    int? BestRound,
    double? FinalAccuracy,
    double ZeroShotAccuracy,
    int Rounds,
    double WallSeconds,
    long LmQueries,
    PromptSnapshot? Best,
    PromptSnapshot Final);
