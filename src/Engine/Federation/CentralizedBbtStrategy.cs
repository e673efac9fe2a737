using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>
/// The centralized BBT baseline: one party holds all training data and runs a single CMA-ES
/// (popsize <see cref="ExperimentSpec.BbtPopsize"/>, as BBT) that persists across rounds; a "round"
/// is <see cref="ExperimentSpec.LocalIter"/> of its iterations. The server only keeps its state.
/// </summary>
public sealed class CentralizedBbtStrategy(ExperimentSpec spec) : IFederatedStrategy
{
    private double[] _mean = new double[spec.IntrinsicDim];
    private double _sigma = spec.Sigma;
    private byte[]? _state;

    public GlobalModelMessage ConfigureTrain(int round) => new(round, (double[])_mean.Clone(), _sigma, null, _state);

    public LocalSearch LocalSearch => new(spec.BbtPopsize, KeepsOptimizer: true);

    public void AggregateTrain(int round, IReadOnlyList<ClientUpdateMessage> updates)
    {
        var only = updates.Single();
        _mean = only.Mean;
        _sigma = only.SigmaAfterLastStep;
        _state = only.LocalState ?? throw new InvalidOperationException("The BBT client must return its optimizer state.");
    }

    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(_sigma);
        GlobalModelMessage.WriteVector(w, _mean);
        w.Write(_state?.Length ?? -1);
        if (_state is not null) w.Write(_state);
        w.Flush();
        return stream.ToArray();
    }

    public void LoadState(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        _sigma = r.ReadDouble();
        _mean = GlobalModelMessage.ReadVector(r);
        int n = r.ReadInt32();
        _state = n >= 0 ? r.ReadBytes(n) : null;
    }

    public string Describe() => $"Centralized BBT: one CMA-ES, popsize {spec.BbtPopsize}, {spec.LocalIter} iterations per round, σ0 {spec.Sigma}";
}
