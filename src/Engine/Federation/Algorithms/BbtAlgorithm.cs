using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>The centralized BBT baseline: one party, one CMA-ES (BBT's population) continued across rounds.</summary>
public sealed class BbtAlgorithm : FederatedAlgorithm
{
    public const string Key = "bbt";
    public override string Name => Key;
    public override string Label => "bbt — centralized BBT";
    public override string Description => "Baseline: one party holds all training data and runs a single CMA-ES (population below); a round is its local iterations.";
    public override bool Centralized => true;
    public override string PopsizeKey => "bbtPopsize";
    public override int LocalPopsize(ExperimentSpec spec) => spec.BbtPopsize;
    public override IFederatedStrategy CreateStrategy(ExperimentSpec spec) => new CentralizedBbtStrategy(spec);
}
