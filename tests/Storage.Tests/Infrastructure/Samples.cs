using FedBpt.Engine.Federation;
using FedBpt.Storage.Experiments;

namespace FedBpt.Storage.Tests.Infrastructure;

internal static class Samples
{
    public static ExperimentInsert Experiment(string name = "sst2 fedbpt", int numRounds = 10) => new()
    {
        Name = name,
        SpecJson = """{"task":"sst2","model":"tiny-roberta-mlm","rounds":10,"clients":3}""",
        Task = "sst2",
        Model = "tiny-roberta-mlm",
        Algorithm = "fedbpt",
        NumClients = 3,
        NumRounds = numRounds,
        Iid = false,
        Seed = 42,
    };

    /// <summary>A round with three clients, a prompt and a checkpoint whose bytes name the round.</summary>
    public static RoundWrite Round(int round, double? accuracy = 0.5, params ClientRound[] clients) => new(new RoundRecord
    {
        Round = round,
        GlobalTestAccuracy = accuracy,
        TrainFitnessMean = 1.1,
        TrainFitnessMin = 1.0,
        TrainFitnessMax = 1.2,
        Sigma = 0.9 - (0.01 * round),
        LmQueries = 1000L * (round + 1),
        BytesUp = 3 * 500 * 4,
        BytesDown = 3 * 500 * 4,
        WallSeconds = 12.5 * (round + 1),
        Clients = clients.Length > 0 ? clients : [Client(0), Client(1), Client(2)],
    },
        PromptJson: $$"""{"round":{{round}},"z":[0.1,0.2]}""",
        CheckpointState: [(byte)round, 1, 2, 3]);

    public static ClientRound Client(int index) => new(index, 1.0 + index, 0.8, 100, 40 * 8);
}
