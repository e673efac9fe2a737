using FedBpt.Engine.Experiments;
using FedBpt.Engine.Optimization;
using FedBpt.Engine.Randomness;
using FedBpt.Engine.Scoring;

namespace FedBpt.Engine.Federation;

/// <summary>
/// One client's round (reference §3.3): a local CMA-ES started from the received mean, σ and covariance
/// with fresh evolution paths, <c>localIter</c> iterations of <c>localPopsize</c> candidates, fitness =
/// CE(clean shard) / CE(perturbed shard). Only the final mean and a few numbers go back.
/// </summary>
internal sealed class FederatedClient(PreparedExperiment run, ClientData data)
{
    private const long LocalSeedStream = 0x4C4F4341; // "LOCA"

    public ClientUpdateMessage Train(GlobalModelMessage global, LocalSearch search, CancellationToken cancel, out long sequences)
    {
        var spec = run.Spec;
        var es = global.ContinueState is { } state ? Continue(state, spec.LocalIter) : NewLocal(global, search);

        using var perturbed = spec.EffectivePerturb ? run.PerturbedShard(data, global.Round) : null;
        var sigmas = new List<double>(spec.LocalIter);
        // Counted here, not from the shared scorer's counter: clients of a round may run concurrently.
        int perCandidate = data.Shard.Count + (perturbed?.Count ?? 0);
        sequences = 0;
        while (!es.Stop)
        {
            cancel.ThrowIfCancellationRequested();
            sigmas.Add(es.Sigma);
            var candidates = es.Ask();
            es.Tell(candidates, Fitness(candidates, perturbed));
            sequences += (long)candidates.Length * perCandidate;
        }
        // The point in the box (the mean itself without bounds): what is evaluated and sent is always feasible.
        var mean = es.MeanInBounds;
        double fitness = Fitness([mean], perturbed)[0];
        sequences += perCandidate;
        return new ClientUpdateMessage(data.Index, mean, fitness, sigmas.ToArray(), es.Sigma, es.Parameters.Mu, data.Examples.Count,
            search.KeepsOptimizer ? es.ToBytes() : null);
    }

    /// <summary>CE(clean)/CE(perturbed) per candidate (or CE alone without perturbation); lower is better.</summary>
    private double[] Fitness(double[][] candidates, ShardTensors? perturbed)
    {
        var loss = run.Spec.LossType;
        var lane = run.LaneOf(data); // the device this client's shard lives on
        using var prompts = lane.Projection!.Project(candidates);
        var clean = lane.Scorer.Score(prompts, data.Shard, loss);
        if (perturbed is null) return clean.Select(s => s.Loss).ToArray();
        var noisy = lane.Scorer.Score(prompts, perturbed, loss);
        return clean.Zip(noisy, (a, b) => a.Loss / b.Loss).ToArray();
    }

    private CmaEs NewLocal(GlobalModelMessage global, LocalSearch search)
    {
        var spec = run.Spec;
        // pycma re-seeds with the same seed in every client's local ES each round (reference §3.3);
        // SharedLocalSeed = false gives each client and round its own stream instead.
        ulong seed = spec.SharedLocalSeed
            ? unchecked((ulong)spec.Seed)
            : Xoshiro256.Derive(spec.Seed, LocalSeedStream, global.Round, data.Index).NextUInt64();
        var options = new CmaEsOptions
        {
            Dimension = spec.IntrinsicDim,
            PopulationSize = search.Popsize,
            InitialSigma = global.Sigma,
            Bounds = spec.Bound > 0 ? BoxBounds.Symmetric(spec.Bound) : null,
            MaxIterations = spec.LocalIter,
            Seed = seed,
        };
        return new CmaEs(global.Mean, global.Sigma, options, global.Covariance, global.Scaling);
    }

    /// <summary>A search that keeps its optimizer (BBT's) is sent it back each round: continue it for another round's iterations.</summary>
    private static CmaEs Continue(byte[] state, int iterations)
    {
        var saved = CmaEs.FromBytes(state).GetState();
        return CmaEs.FromState(saved with { Options = saved.Options with { MaxIterations = saved.Iteration + iterations } });
    }
}
