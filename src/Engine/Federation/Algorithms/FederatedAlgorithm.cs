using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>
/// One algorithm, all it is in one place (Flower's lesson): its name, label and description, how many clients and
/// rounds a spec gives it, whether it perturbs by default, uses the projection and trains at all, its server strategy
/// (which also configures the clients' local search) and what a round costs in LM queries. Registered in
/// <see cref="Algorithms"/>; adding an algorithm is one new subclass plus its registration.
/// </summary>
public abstract class FederatedAlgorithm
{
    /// <summary>The spec's <c>algorithm</c> value.</summary>
    public abstract string Name { get; }

    /// <summary>The name with a few words of what it is, for lists.</summary>
    public abstract string Label { get; }

    /// <summary>One sentence of how it works, for the form's help text.</summary>
    public abstract string Description { get; }

    /// <summary>One party holds all the training data (the spec's numClients is ignored).</summary>
    public virtual bool Centralized => false;

    /// <summary>Whether it tunes a prompt; one that does not is evaluated once (one round, no projection, no optimizer).</summary>
    public virtual bool Trains => true;

    /// <summary>Whether it uses the prompt projection A (all that tune a prompt do).</summary>
    public bool UsesProjection => Trains;

    /// <summary>The fitness it uses when the spec leaves <c>perturb</c> unset: CE(clean)/CE(perturbed) when true, plain CE when false.</summary>
    public virtual bool PerturbByDefault => false;

    /// <summary>Whether the server runs its own CMA-ES, to which the spec's sigmaFloor and paperSigmaRule apply.</summary>
    public virtual bool HasServerCmaEs => false;

    /// <summary>The spec key that sets <see cref="LocalPopsize"/>.</summary>
    public virtual string PopsizeKey => "localPopsize";

    /// <summary>The least numClients the spec may ask for (the server CMA-ES of the federated ones needs a population of 2).</summary>
    public virtual int MinClients => 1;

    /// <summary>The clients the run has.</summary>
    public int Clients(ExperimentSpec spec) => Centralized ? 1 : spec.NumClients;

    /// <summary>The rounds the run has.</summary>
    public int Rounds(ExperimentSpec spec) => Trains ? spec.NumRounds : 1;

    /// <summary>Whether the clients' fitness includes the perturbed copy: the spec's <c>perturb</c>, else this algorithm's default.</summary>
    public bool Perturbs(ExperimentSpec spec) => spec.Perturb ?? PerturbByDefault;

    /// <summary>The server side, which also says how clients search; only for algorithms that train.</summary>
    public abstract IFederatedStrategy CreateStrategy(ExperimentSpec spec);

    /// <summary>The population of each client's local CMA-ES.</summary>
    public virtual int LocalPopsize(ExperimentSpec spec) => spec.LocalPopsize;

    /// <summary>
    /// LM queries (sequences scored) of one round: each client scores its shard (twice with perturbation) for every
    /// candidate of its local iterations and once more for the mean it sends; the global mean is scored on the test set
    /// once. An algorithm that does not train scores the plain template on the test set once.
    /// </summary>
    public long QueriesPerRound(ExperimentSpec spec, IReadOnlyList<int> shardSizes, int testExamples)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(shardSizes);
        if (!Trains) return testExamples;
        long perShardExample = ((long)spec.LocalIter * LocalPopsize(spec) + 1) * (Perturbs(spec) ? 2 : 1);
        return shardSizes.Sum(n => n * perShardExample) + testExamples;
    }

    /// <summary>The CMA-ES optimizers held at once (the server's and one per client trained concurrently), for the memory rule.</summary>
    public int OptimizersHeld(ExperimentSpec spec, int clientThreads) =>
        Trains ? 1 + Math.Max(1, Math.Min(clientThreads, Clients(spec))) : 0;

    public override string ToString() => Name;
}

/// <summary>
/// How each client runs its local search this round, configured by the server's strategy with its model (Flower's fit
/// config): the population and whether the client continues the optimizer state it is sent and returns it. The same
/// for every round of a run and derived from the spec every party holds, so it is not counted in the bytes exchanged.
/// </summary>
public sealed record LocalSearch(int Popsize, bool KeepsOptimizer);
