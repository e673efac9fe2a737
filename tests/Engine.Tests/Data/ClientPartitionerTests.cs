using FedBpt.Engine.Data;
using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Tests.Data;

public class ClientPartitionerTests
{
    private static int[] BalancedLabels(int count, int numClasses) => Enumerable.Range(0, count).Select(i => i % numClasses).ToArray();

    [Fact]
    public void IidGivesEqualDisjointShards()
    {
        int[][] shards = ClientPartitioner.Iid(400, 10, new Xoshiro256(1));
        Assert.All(shards, s => Assert.Equal(40, s.Length));
        Assert.Equal(Enumerable.Range(0, 400), shards.SelectMany(s => s).Order());
    }

    [Fact]
    public void IidLeavesTheRemainderUnused()
    {
        int[][] shards = ClientPartitioner.Iid(405, 10, new Xoshiro256(2));
        Assert.All(shards, s => Assert.Equal(40, s.Length));
        int[] used = shards.SelectMany(s => s).ToArray();
        Assert.Equal(used.Length, used.Distinct().Count());
        Assert.All(used, i => Assert.InRange(i, 0, 404));
    }

    [Fact]
    public void IidIsDeterministicPerSeed()
    {
        Assert.Equal(ClientPartitioner.Iid(100, 4, Xoshiro256.Derive(9, 1)), ClientPartitioner.Iid(100, 4, Xoshiro256.Derive(9, 1)));
        Assert.NotEqual(ClientPartitioner.Iid(100, 4, Xoshiro256.Derive(9, 1)), ClientPartitioner.Iid(100, 4, Xoshiro256.Derive(9, 2)));
    }

    [Fact]
    public void IidNeedsAnExamplePerClient() =>
        Assert.Throws<ArgumentException>(() => ClientPartitioner.Iid(3, 4, new Xoshiro256(0)));

    [Theory]
    [InlineData(0.01, 10)]
    [InlineData(0.5, 10)]
    [InlineData(100.0, 7)]
    [InlineData(0.001, 40)]
    public void DirichletUsesEveryExampleExactlyOnceAndLeavesNoClientEmpty(double alpha, int clients)
    {
        int[] labels = BalancedLabels(400, 2);
        for (long seed = 0; seed < 5; seed++)
        {
            int[][] shards = ClientPartitioner.Dirichlet(labels, 2, clients, alpha, Xoshiro256.Derive(seed));
            Assert.Equal(clients, shards.Length);
            Assert.Equal(Enumerable.Range(0, 400), shards.SelectMany(s => s).Order());
            Assert.All(shards, s => Assert.NotEmpty(s));
        }
    }

    [Fact]
    public void DirichletSkewGrowsAsAlphaShrinks()
    {
        int[] labels = BalancedLabels(2000, 4);
        double MeanMaxShare(double alpha) => Enumerable.Range(0, 5).Average(seed =>
        {
            int[][] shards = ClientPartitioner.Dirichlet(labels, 4, 10, alpha, Xoshiro256.Derive(seed));
            return shards.Average(s => s.GroupBy(i => labels[i]).Max(g => g.Count()) / (double)s.Length);
        });

        double skewed = MeanMaxShare(0.1), mild = MeanMaxShare(1), near = MeanMaxShare(100);
        Assert.True(skewed > mild && mild > near, $"α=0.1: {skewed:F3}, α=1: {mild:F3}, α=100: {near:F3}");
        Assert.True(skewed > 0.7, $"α=0.1 should give mostly single-class clients, got {skewed:F3}");
        Assert.True(near < 0.35, $"α=100 should be close to the balanced 0.25, got {near:F3}");
    }

    [Fact]
    public void DirichletIsDeterministicPerSeed()
    {
        int[] labels = BalancedLabels(300, 3);
        Assert.Equal(
            ClientPartitioner.Dirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.Dirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)));
        Assert.NotEqual(
            ClientPartitioner.Dirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.Dirichlet(labels, 3, 5, 0.5, new Xoshiro256(5)));
    }

    [Fact]
    public void DirichletRejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientPartitioner.Dirichlet([0, 1], 2, 2, 0, new Xoshiro256(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientPartitioner.Dirichlet([0, 1], 2, 2, double.NaN, new Xoshiro256(0)));
        Assert.Throws<ArgumentException>(() => ClientPartitioner.Dirichlet([0, 2], 2, 2, 1, new Xoshiro256(0)));
        Assert.Throws<ArgumentException>(() => ClientPartitioner.Dirichlet([0, 1], 2, 3, 1, new Xoshiro256(0)));
    }
}
