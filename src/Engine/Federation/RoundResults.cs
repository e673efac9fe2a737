using FedBpt.Engine.Data;

namespace FedBpt.Engine.Federation;

/// <summary>One client's part of a round; <paramref name="SigmaAfterLastStep"/> is its local CMA-ES step size after the last update.</summary>
public sealed record ClientRoundResult(int Round, int Client, string Site, double Fitness, double SigmaAfterLastStep, int Examples, long LmQueries);

/// <summary>A prompt worth keeping: z with what is needed to rebuild and judge it.</summary>
public sealed record PromptSnapshot(int Round, double? Accuracy, double[] Z);

/// <summary>A completed round: everything an observer persists or shows. <paramref name="SigmaSent"/> is the step size the server sent the clients at the round's start.</summary>
public sealed record RoundResult(
    int Round,
    double? GlobalTestAccuracy,
    double TrainFitnessMean,
    double TrainFitnessMin,
    double TrainFitnessMax,
    double SigmaSent,
    long LmQueries,
    long BytesUp,
    long BytesDown,
    double WallSeconds,
    IReadOnlyList<ClientRoundResult> Clients,
    PromptSnapshot? Best,
    PromptSnapshot Final,
    RunCheckpoint Checkpoint);

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
