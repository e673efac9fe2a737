using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

public sealed class FedAvgBbtStrategyTests
{
    private static readonly ExperimentSpec Spec = new() { Algorithm = Algorithms.FedAvgBbt, NumClients = 2, IntrinsicDim = 3, LocalIter = 3 };

    [Fact]
    public void TheServerAveragesMeansAndTheStepSizesAfterTheLastLocalUpdateByShardSize()
    {
        var strategy = new FedAvgBbtStrategy(Spec);
        // σ recorded before each of the three iterations, then the step size the last update left.
        ClientUpdateMessage[] updates =
        [
            new(0, [1, 2, 3], 0.5, [1.0, 0.9, 0.8], SigmaAfterLastStep: 0.7, LocalMu: 2, Examples: 10, null),
            new(1, [5, 6, 7], 0.4, [1.0, 0.8, 0.6], SigmaAfterLastStep: 0.5, LocalMu: 2, Examples: 30, null),
        ];

        strategy.AggregateTrain(0, updates);
        var sent = strategy.ConfigureTrain(1);

        Assert.Equal(0.25 * 0.7 + 0.75 * 0.5, sent.Sigma, 12);
        Assert.Equal([4.0, 5.0, 6.0], sent.Mean);
    }
}
