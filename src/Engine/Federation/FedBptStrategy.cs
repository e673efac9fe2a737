using FedBpt.Engine.Experiments;
using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Federation;

/// <summary>
/// FedBPT's server (the reference's <c>GlobalES</c>, §3.2): a CMA-ES over the clients' final means.
/// Each round it sets σ from the clients' local step sizes, tells the rank-ordered means as injected
/// solutions (Mahalanobis-length repair, rank-weighted recombination with CMA_mu = m), and sends back
/// the previous local σ scaled by the server's CSA step-size change.
/// </summary>
public sealed class FedBptStrategy : IFederatedStrategy
{
    private const double ReferenceSigmaFloor = 0.5;
    private readonly ExperimentSpec _spec;
    private CmaEs _es;
    private double _localSigma;

    public FedBptStrategy(ExperimentSpec spec)
    {
        _spec = spec;
        _localSigma = spec.Sigma;
        _es = new CmaEs(new double[spec.IntrinsicDim], spec.Sigma, new CmaEsOptions
        {
            Dimension = spec.IntrinsicDim,
            PopulationSize = spec.NumClients,
            Mu = spec.NumClients,
            InitialSigma = spec.Sigma,
            Bounds = spec.Bound > 0 ? BoxBounds.Symmetric(spec.Bound) : null,
            Seed = unchecked((ulong)spec.Seed),
        });
    }

    // With bounds the clients start from the mean in the box (the reference's _copy_light does pheno(mean) → x0).
    public GlobalModelMessage ConfigureTrain(int round) => new(round, _es.MeanInBounds, _es.Sigma, _es.Covariance, null, _es.Scaling);

    public LocalSearch LocalSearch => new(_spec.LocalPopsize, KeepsOptimizer: false);

    public void AggregateTrain(int round, IReadOnlyList<ClientUpdateMessage> updates)
    {
        if (updates.Count != _spec.NumClients)
            throw new InvalidOperationException($"Round {round}: expected {_spec.NumClients} client updates, got {updates.Count}.");

        double sigmaOld = ServerSigma(updates);
        _es.Sigma = sigmaOld;
        _es.Ask(); // discarded, as the reference does: it advances the optimizer's counters and generator
        _es.Tell(updates.Select(u => u.Mean).ToArray(), updates.Select(u => u.Fitness).ToArray(), injected: true);
        double sigmaNew = _es.Sigma;

        double next = sigmaNew / sigmaOld * _localSigma;
        // The reference applies "σ ≥ 0.5" and then "σ ≤ previous local σ" after already updating the
        // previous σ to the unclamped value, so its floor never takes effect; SigmaFloor makes it real.
        if (_spec.SigmaFloor && next < ReferenceSigmaFloor) next = ReferenceSigmaFloor;
        _localSigma = next;
        _es.Sigma = next;
    }

    /// <summary>
    /// Code: σ = sqrt(Σ_clients Σ_iters σ² / (m · μ_local)). Paper Eq. 6: 2·sqrt(Σ over the best half of
    /// clients (by fitness) Σ_iters σ² / (|S| · λ_local)).
    /// </summary>
    private double ServerSigma(IReadOnlyList<ClientUpdateMessage> updates)
    {
        if (!_spec.PaperSigmaRule)
        {
            double sum = updates.Sum(u => u.SigmasBeforeSteps.Sum(s => s * s));
            return Math.Sqrt(sum / updates.Count / updates[0].LocalMu);
        }
        var best = updates.OrderBy(u => u.Fitness).Take(Math.Max(1, updates.Count / 2)).ToArray();
        double bestSum = best.Sum(u => u.SigmasBeforeSteps.Sum(s => s * s));
        return 2 * Math.Sqrt(bestSum / best.Length / _spec.LocalPopsize);
    }

    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(_localSigma);
        var es = _es.ToBytes();
        w.Write(es.Length);
        w.Write(es);
        w.Flush();
        return stream.ToArray();
    }

    public void LoadState(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        _localSigma = r.ReadDouble();
        _es = CmaEs.FromBytes(r.ReadBytes(r.ReadInt32()));
    }

    public string Describe() =>
        $"FedBPT server CMA-ES: popsize {_spec.NumClients}, CMA_mu {_spec.NumClients}, σ0 {_spec.Sigma}, "
        + $"σ rule {(_spec.PaperSigmaRule ? "paper Eq. 6 (best half)" : "code (all clients)")}, "
        + $"floor {(_spec.SigmaFloor ? "0.5 effective" : "as reference (no-op)")}";
}
