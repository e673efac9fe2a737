using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>
/// The tiny model plus a small SST-2 slice (the first 300 train and 24 dev rows of the real files,
/// written to a temporary data root) so a federated run takes a second or two.
/// </summary>
public sealed class FederationFixture : IDisposable
{
    public FederationFixture()
    {
        Assets = ModelAssets.Load(SharedPaths.TinyModel, CPU);
        DataRoot = Directory.CreateTempSubdirectory("fedbpt-data-").FullName;
        var sst2 = Directory.CreateDirectory(Path.Combine(DataRoot, "sst2")).FullName;
        File.WriteAllLines(Path.Combine(sst2, "train.tsv"), File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "train.tsv")).Take(301));
        File.WriteAllLines(Path.Combine(sst2, "dev.tsv"), File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Take(25));
    }

    public ModelAssets Assets { get; }
    public string DataRoot { get; }

    public static ExperimentSpec SmallSpec => new()
    {
        Model = "tiny-roberta-mlm",
        NumClients = 3,
        NumRounds = 4,
        KShot = 6,
        LocalIter = 3,
        IntrinsicDim = 20,
        NPromptTokens = 5,
        Sigma = 5,
        VerbalizerLeadingSpace = true,
    };

    public PreparedExperiment Prepare(ExperimentSpec spec) =>
        PreparedExperiment.Prepare(spec, Assets, TaskCatalog.Get(spec.Task), [DataRoot]);

    /// <summary>Runs a spec and returns every round the observers saw.</summary>
    public (RunSummary Summary, List<CompletedRound> Rounds) Run(ExperimentSpec spec, RunCheckpoint? resume = null, int threads = 1, int? stopAfterRound = null)
    {
        using var prepared = Prepare(spec);
        var recorder = new Recorder(stopAfterRound);
        try
        {
            var summary = new FederatedSimulator(prepared, [recorder], threads).Run(resume, recorder.Token);
            return (summary, recorder.Rounds);
        }
        catch (OperationCanceledException) when (stopAfterRound is not null)
        {
            return (null!, recorder.Rounds);
        }
    }

    public void Dispose()
    {
        Assets.Dispose();
        Directory.Delete(DataRoot, recursive: true);
    }

    /// <summary>Collects rounds; optionally cancels the run right after a given round (a simulated crash).</summary>
    public sealed class Recorder(int? stopAfterRound) : IRunObserver
    {
        private readonly CancellationTokenSource _cts = new();
        public List<CompletedRound> Rounds { get; } = [];
        public List<ClientRound> Clients { get; } = [];
        public RunStarted? Started { get; private set; }
        public CancellationToken Token => _cts.Token;

        public void OnRunStarted(RunStarted info) => Started = info;

        public void OnClientCompleted(int round, ClientRound client)
        {
            lock (Clients) Clients.Add(client);
        }

        public void OnRoundCompleted(CompletedRound result)
        {
            Rounds.Add(result);
            if (result.Round == stopAfterRound) _cts.Cancel();
        }
    }
}
