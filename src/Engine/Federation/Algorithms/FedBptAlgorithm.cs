using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>FedBPT (the paper): local CMA-ES on perturbed fitness, a server CMA-ES over the clients' means.</summary>
public sealed class FedBptAlgorithm : FederatedAlgorithm
{
    public const string Key = "fedbpt";
    public override string Name => Key;
    public override string Label => "fedbpt — FedBPT (server CMA-ES)";
    public override string Description => "Clients tune z with local CMA-ES; the server ranks their means with its own CMA-ES and corrects the step size (paper).";
    public override bool PerturbByDefault => true;
    public override int MinClients => 2;
    public override bool HasServerCmaEs => true;
    public override IFederatedStrategy CreateStrategy(ExperimentSpec spec) => new FedBptStrategy(spec);
}
