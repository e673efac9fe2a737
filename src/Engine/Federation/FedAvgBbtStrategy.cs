using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>
/// The FedAvg-BBT baseline: clients run local CMA-ES from the global mean and the server averages
/// their final means and their step sizes after the last local update, both weighted by shard size. No
/// covariance is sent (clients restart from the identity).
/// </summary>
public sealed class FedAvgBbtStrategy(ExperimentSpec spec) : IFederatedStrategy
{
    private double[] _mean = new double[spec.IntrinsicDim];
    private double _sigma = spec.Sigma;

    public GlobalModelMessage ConfigureTrain(int round) => new(round, (double[])_mean.Clone(), _sigma, null, null);

    public LocalSearch LocalSearch => new(spec.LocalPopsize, KeepsOptimizer: false);

    public void AggregateTrain(int round, IReadOnlyList<ClientUpdateMessage> updates)
    {
        double total = updates.Sum(u => (double)u.Examples);
        var mean = new double[_mean.Length];
        foreach (var u in updates)
        {
            double w = u.Examples / total;
            for (int i = 0; i < mean.Length; i++) mean[i] += w * u.Mean[i];
        }
        _mean = mean;
        _sigma = updates.Sum(u => u.Examples / total * u.SigmaAfterLastStep);
    }

    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(_sigma);
        GlobalModelMessage.WriteVector(w, _mean);
        w.Flush();
        return stream.ToArray();
    }

    public void LoadState(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        _sigma = r.ReadDouble();
        _mean = GlobalModelMessage.ReadVector(r);
    }

    public string Describe() => $"FedAvg-BBT: weighted mean of client means, σ = weighted mean of the local σ after the last local step (σ0 {spec.Sigma})";
}
