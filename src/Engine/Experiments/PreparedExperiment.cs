using FedBpt.Engine.Data;
using FedBpt.Engine.Randomness;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Experiments;

/// <summary>One client's training data: its encoded shard and the same on the device.</summary>
public sealed record ClientData(int Index, string Site, IReadOnlyList<EncodedExample> Examples, ShardTensors Shard);

/// <summary>
/// Everything a run needs before round 0, derived deterministically from the spec: the task encoding,
/// the few-shot draw and client split, the test set on the device, the projection A and the scorer.
/// Problems with the model, task or data surface here, before any round runs.
/// </summary>
public sealed class PreparedExperiment : IDisposable
{
    // Sub-stream tags keep data sampling, partitioning and perturbation independent of each other.
    internal const long PartitionStream = 0x50415254; // "PART"
    internal const long PerturbStream = 0x50455254;   // "PERT"

    private PreparedExperiment(ExperimentSpec spec, ModelAssets assets, TaskDefinition task, TaskEncoder encoder, PromptScorer scorer,
        PromptProjection? projection, IReadOnlyList<ClientData> clients, LabelCountTable labelCounts, ShardTensors? test, int testDropped,
        ShardTensors zeroShotTest, PromptScorer zeroShotScorer, IReadOnlyList<DeviceLane> lanes)
    {
        Spec = spec;
        Assets = assets;
        Task = task;
        Encoder = encoder;
        Scorer = scorer;
        Projection = projection;
        Clients = clients;
        LabelCounts = labelCounts;
        Test = test;
        TestDropped = testDropped;
        ZeroShotTest = zeroShotTest;
        ZeroShotScorer = zeroShotScorer;
        Lanes = lanes;
    }

    public ExperimentSpec Spec { get; }
    public ModelAssets Assets { get; }
    public TaskDefinition Task { get; }
    public TaskEncoder Encoder { get; }
    public PromptScorer Scorer { get; }
    public PromptProjection? Projection { get; }
    public IReadOnlyList<ClientData> Clients { get; }
    public LabelCountTable LabelCounts { get; }

    /// <summary>The test split encoded with the prompt placeholders; null when no client evaluates.</summary>
    public ShardTensors? Test { get; }

    /// <summary>Test examples dropped for exceeding the model's length (the reference drops them too).</summary>
    public int TestDropped { get; }

    /// <summary>The test split with the plain template (no prompt, no placeholders): the manual prompt.</summary>
    public ShardTensors ZeroShotTest { get; }

    public PromptScorer ZeroShotScorer { get; }

    /// <summary>The run's devices (<see cref="DeviceLane"/>); lane 0 is <see cref="Assets"/>, <see cref="Scorer"/> and <see cref="Projection"/>.</summary>
    public IReadOnlyList<DeviceLane> Lanes { get; }

    /// <summary>The lane a client trains on: client c on lane c mod D.</summary>
    public DeviceLane LaneOf(ClientData client) => Lanes[client.Index % Lanes.Count];

    public static PreparedExperiment Prepare(ExperimentSpec spec, ModelAssets assets, TaskDefinition task, IReadOnlyList<string> dataRoots, int maxTokensPerForward = 16384) =>
        Prepare(spec, [assets], task, dataRoots, maxTokensPerForward);

    /// <summary>
    /// Prepares a run over several devices: <paramref name="lanes"/> holds one loaded copy of the same model per device,
    /// the first evaluating (see <see cref="DeviceLane"/>).
    /// </summary>
    public static PreparedExperiment Prepare(ExperimentSpec spec, IReadOnlyList<ModelAssets> lanes, TaskDefinition task, IReadOnlyList<string> dataRoots,
        int maxTokensPerForward = 16384)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        if (lanes.Count == 0) throw new ArgumentException("A run needs at least one device.", nameof(lanes));
        var assets = lanes[0];
        if (lanes.Any(l => l.Folder != assets.Folder)) throw new ArgumentException("Every device must hold a copy of the same model.", nameof(lanes));
        spec = spec.Normalized().EnsureValid();
        var prompted = TaskScoring.Prompted(spec, assets, task, maxTokensPerForward);
        var manual = TaskScoring.Manual(spec.VerbalizerLeadingSpace, spec.TrimText, assets, task, maxTokensPerForward);
        var (encoder, scorer) = prompted;
        var zeroShotScorer = manual.Scorer;

        var train = DatasetLoader.Load(task, task.TrainSplit, dataRoots);
        var testTexts = DatasetLoader.Load(task, task.TestSplit, dataRoots);
        // Examples too long for the model are passed over while sampling, which is the reference's dropping them at
        // load and sampling from the rest: k per class still holds. Each is encoded when the walk reaches it.
        var encodedTrain = new Dictionary<int, EncodedExample>();
        bool Fits(int index)
        {
            var set = prompted.EncodeAll([train[index]], dropTooLong: true);
            if (set.Dropped > 0) return false;
            encodedTrain[index] = set.Examples[0];
            return true;
        }
        var split = FewShotSampler.Sample(train, spec.KShot, task.NumClasses, spec.Seed, Fits);
        IReadOnlyList<EncodedExample> trainSet = split.TrainIndices.Select(i => encodedTrain[i]).ToArray();
        if (trainSet.Count < spec.EffectiveClients)
            throw new InvalidOperationException($"Only {trainSet.Count} training examples for {spec.EffectiveClients} clients.");

        var labels = trainSet.Select(e => e.Label).ToArray();
        var rng = Xoshiro256.Derive(spec.Seed, PartitionStream);
        int[][] partition = spec.EffectiveClients == 1
            ? [Enumerable.Range(0, trainSet.Count).ToArray()]
            : spec.Iid
                ? ClientPartitioner.Iid(trainSet.Count, spec.EffectiveClients, rng)
                : ClientPartitioner.Dirichlet(spec.DirichletScheme, labels, task.NumClasses, spec.EffectiveClients, spec.DirichletAlpha, rng);

        var disposables = new List<IDisposable>();
        try
        {
            var projection = !spec.Algorithm.UsesProjection
                ? null
                : PromptProjection.Create(assets.Model, spec.NPromptTokens, spec.IntrinsicDim, spec.Seed);
            if (projection is not null) disposables.Add(projection);
            var deviceLanes = new List<DeviceLane>(lanes.Count) { new(0, assets, scorer, projection) };
            for (int l = 1; l < lanes.Count; l++)
            {
                var laneProjection = projection?.To(lanes[l].Model.Device);
                if (laneProjection is not null) disposables.Add(laneProjection);
                deviceLanes.Add(new DeviceLane(l, lanes[l], TaskScoring.Prompted(spec, lanes[l], task, maxTokensPerForward).Scorer, laneProjection));
            }

            var clients = new List<ClientData>(partition.Length);
            for (int c = 0; c < partition.Length; c++)
            {
                var examples = partition[c].Select(i => trainSet[i]).ToArray();
                var shard = deviceLanes[c % deviceLanes.Count].Scorer.Prepare(examples);
                disposables.Add(shard);
                clients.Add(new ClientData(c, $"site-{c + 1}", examples, shard));
            }

            ShardTensors? test = null;
            int dropped = 0;
            if (spec.EvalClients.Count > 0)
            {
                var encodedTest = prompted.EncodeAll(testTexts, dropTooLong: true);
                dropped = encodedTest.Dropped;
                test = scorer.Prepare(encodedTest.Examples);
                disposables.Add(test);
            }
            var zeroShot = zeroShotScorer.Prepare(manual.EncodeAll(testTexts, dropTooLong: true).Examples);
            disposables.Add(zeroShot);

            var table = new LabelCountTable(partition, labels, task.NumClasses);
            return new PreparedExperiment(spec, assets, task, encoder, scorer, projection, clients, table, test, dropped, zeroShot, zeroShotScorer, deviceLanes);
        }
        catch
        {
            foreach (var d in disposables) d.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The LM queries each round of this run makes (its algorithm's cost rule, on this run's shards and test set): what
    /// the run-cost estimate predicts and the simulator counts.
    /// </summary>
    public long QueriesPerRound => Spec.Algorithm.QueriesPerRound(Spec, Clients.Select(c => c.Examples.Count).ToArray(),
        Spec.Algorithm.Trains ? Test?.Count ?? 0 : ZeroShotTest.Count);

    /// <summary>The devices this run computes on, as the run log shows them.</summary>
    public string DeviceDescription => RunDevices.Describe(Lanes.Select(l => l.Assets.Model.Device).ToArray());

    /// <summary>The round's perturbed copy of a client's shard (a fresh draw per client and round, on its lane; §2.6).</summary>
    public ShardTensors PerturbedShard(ClientData client, int round)
    {
        var rng = Xoshiro256.Derive(Spec.Seed, PerturbStream, round, client.Index);
        return LaneOf(client).Scorer.Prepare(Perturbation.Apply(client.Examples, Spec.PerturbRate, Assets.Tokenizer.VocabSize, rng));
    }

    public void Dispose()
    {
        foreach (var c in Clients) c.Shard.Dispose();
        Test?.Dispose();
        ZeroShotTest.Dispose();
        foreach (var lane in Lanes) lane.Projection?.Dispose();
    }
}
