using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Federation;

/// <summary>The manual-prompt baseline: the plain template, no tuning, evaluated once (zero-shot).</summary>
public sealed class ManualAlgorithm : FederatedAlgorithm
{
    public const string Key = "manual";
    public override string Name => Key;
    public override string Label => "manual — zero-shot prompt";
    public override string Description => "Baseline: the template with no tuned prompt, evaluated once on the test set.";
    public override bool Centralized => true;
    public override bool Trains => false;
    public override IFederatedStrategy CreateStrategy(ExperimentSpec spec) =>
        throw new InvalidOperationException("The manual prompt trains nothing: it has no federated strategy.");
}
