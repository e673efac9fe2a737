using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>The FedAvg-BBT baseline: local BBT, the server averages means and step sizes.</summary>
public sealed class FedAvgBbtAlgorithm : FederatedAlgorithm
{
    public const string Key = "fedavg-bbt";
    public override string Name => Key;
    public override string Label => "fedavg-bbt — FedAvg of local BBT";
    public override string Description => "Baseline: clients run local CMA-ES; the server averages means and step sizes weighted by shard size, and sends no covariance.";
    public override int MinClients => 2;
    public override IFederatedStrategy CreateStrategy(ExperimentSpec spec) => new FedAvgBbtStrategy(spec);
}
