using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>The server rules of reference §3.2, checked on hand-made client updates.</summary>
public sealed class FedBptStrategyTests
{
    private static readonly ExperimentSpec Spec = new() { NumClients = 4, IntrinsicDim = 6, LocalIter = 3 };

    private static ClientUpdateMessage Update(int client, double fitness, double sigma, double shift) =>
        new(client, Enumerable.Repeat(shift, Spec.IntrinsicDim).ToArray(), fitness, [sigma, sigma, sigma], sigma, LocalMu: 2, Examples: 10, null);

    private static ClientUpdateMessage[] Updates(double sigma, double scale = 1) =>
        [Update(0, 0.9, sigma, 0.1 * scale), Update(1, 0.5, sigma, 0.3 * scale), Update(2, 0.7, sigma, -0.2 * scale), Update(3, 0.6, sigma, 0.05 * scale)];

    [Fact]
    public void TheNewMeanIsARankWeightedCombinationOfTheClientMeans()
    {
        var strategy = new FedBptStrategy(Spec);
        strategy.AggregateTrain(0, Updates(1.0));
        double mean = strategy.ConfigureTrain(1).Mean[0];
        // Every coordinate of every client mean is the same, so the mean is a convex combination of
        // the shifts, pulled towards the best client (fitness 0.5, shift 0.3) by the ranking.
        Assert.InRange(mean, -0.2, 0.3);
        double uniform = (0.1 + 0.3 - 0.2 + 0.05) / 4;
        Assert.True(mean > uniform, $"rank weights favour the best client: {mean} vs uniform {uniform}");
    }

    [Fact]
    public void TheSentSigmaIsThePreviousLocalSigmaScaledByTheServerStep()
    {
        // CSA: client means close to the mean (relative to σ) shrink the step, far ones grow it, and
        // the client σ sent next is the previous one (σ0 = 1) times that factor.
        var near = new FedBptStrategy(Spec);
        near.AggregateTrain(0, Updates(1.0, scale: 0.01));
        var far = new FedBptStrategy(Spec);
        far.AggregateTrain(0, Updates(1.0, scale: 20));
        Assert.InRange(near.ConfigureTrain(1).Sigma, 0.3, 0.999);
        Assert.InRange(far.ConfigureTrain(1).Sigma, 1.001, 3);

        // The floor is a no-op by default (reference quirk) and effective when asked for.
        var quirk = new FedBptStrategy(Spec with { Sigma = 0.3 });
        var floored = new FedBptStrategy(Spec with { Sigma = 0.3, SigmaFloor = true });
        quirk.AggregateTrain(0, Updates(0.3));
        floored.AggregateTrain(0, Updates(0.3));
        Assert.True(quirk.ConfigureTrain(1).Sigma < 0.5);
        Assert.Equal(0.5, floored.ConfigureTrain(1).Sigma);
    }

    [Fact]
    public void WithABoundTheClientsReceiveTheMeanInsideTheBox()
    {
        // Client means far outside [−0.5, 0.5] map to the box edge; the server's own mean (its search-space point) lies
        // beyond it, in the margin, but what the clients get is the point in the box, as the reference's _copy_light.
        var spec = Spec with { Bound = 0.5 };
        var strategy = new FedBptStrategy(spec);
        strategy.AggregateTrain(0, [Update(0, 0.9, 1, 2.0), Update(1, 0.5, 1, 2.5), Update(2, 0.7, 1, 3.0), Update(3, 0.6, 1, 2.2)]);

        var sent = strategy.ConfigureTrain(1);
        Assert.All(sent.Mean, v => Assert.InRange(v, -0.5, 0.5));
        Assert.All(sent.Mean, v => Assert.True(v > 0.45, $"the mean moved to the upper edge ({v})"));
    }

    [Fact]
    public void StateRoundTripsExactly()
    {
        var a = new FedBptStrategy(Spec);
        a.AggregateTrain(0, Updates(1.0));
        var b = new FedBptStrategy(Spec);
        b.LoadState(a.SaveState());
        a.AggregateTrain(1, Updates(0.9));
        b.AggregateTrain(1, Updates(0.9));
        Assert.Equal(a.ConfigureTrain(2).Encode(), b.ConfigureTrain(2).Encode());
    }

    [Fact]
    public void AMissingClientUpdateIsAnError()
    {
        var strategy = new FedBptStrategy(Spec);
        Assert.Throws<InvalidOperationException>(() => strategy.AggregateTrain(0, Updates(1.0)[..3]));
    }

    [Fact]
    public void MessagesRoundTripThroughTheirEncoding()
    {
        var down = new GlobalModelMessage(3, [1, 2, 3], 0.7, new double[,] { { 1, 0.1, 0 }, { 0.1, 2, 0.2 }, { 0, 0.2, 3 } }, [9, 8], [1, 0.5, 0.25]);
        var back = GlobalModelMessage.Decode(down.Encode());
        Assert.Equal(down.Scaling, back.Scaling);
        Assert.Equal(down.Mean, back.Mean);
        Assert.Equal(down.Covariance, back.Covariance);
        Assert.Equal(down.ContinueState, back.ContinueState);
        var up = Update(2, 0.4, 0.6, 0.1);
        Assert.Equal(up.Encode(), ClientUpdateMessage.Decode(up.Encode()).Encode());
    }
}
