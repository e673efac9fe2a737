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
            int[][] shards = ClientPartitioner.PerClassDirichlet(labels, 2, clients, alpha, Xoshiro256.Derive(seed));
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
            int[][] shards = ClientPartitioner.PerClassDirichlet(labels, 4, 10, alpha, Xoshiro256.Derive(seed));
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
            ClientPartitioner.PerClassDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.PerClassDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)));
        Assert.NotEqual(
            ClientPartitioner.PerClassDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.PerClassDirichlet(labels, 3, 5, 0.5, new Xoshiro256(5)));
    }

    [Fact]
    public void DirichletRejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientPartitioner.PerClassDirichlet([0, 1], 2, 2, 0, new Xoshiro256(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientPartitioner.PerClassDirichlet([0, 1], 2, 2, double.NaN, new Xoshiro256(0)));
        Assert.Throws<ArgumentException>(() => ClientPartitioner.PerClassDirichlet([0, 2], 2, 2, 1, new Xoshiro256(0)));
        Assert.Throws<ArgumentException>(() => ClientPartitioner.PerClassDirichlet([0, 1], 2, 3, 1, new Xoshiro256(0)));
    }

    [Theory]
    [InlineData(0.01, 10)]
    [InlineData(0.5, 10)]
    [InlineData(100.0, 7)]
    [InlineData(0.001, 40)]
    [InlineData(0.5, 2)]
    public void ReferenceDirichletUsesEveryExampleExactlyOnceAndLeavesNoClientEmpty(double alpha, int clients)
    {
        int[] labels = [.. BalancedLabels(300, 3), .. Enumerable.Repeat(0, 60)]; // three classes, class 0 larger
        for (long seed = 0; seed < 5; seed++)
        {
            int[][] shards = ClientPartitioner.ReferenceDirichlet(labels, 3, clients, alpha, Xoshiro256.Derive(seed));
            Assert.Equal(clients, shards.Length);
            Assert.Equal(Enumerable.Range(0, labels.Length), shards.SelectMany(s => s).Order());
            Assert.All(shards, s => Assert.NotEmpty(s));
        }
    }

    [Fact]
    public void ReferenceSizesAreTheLeastNormSolutionAndTheirFloorsAreAllocated()
    {
        // Clients: pure class 0, half and half, pure class 1; 10 and 90 examples. The minimum-norm sizes would make
        // the first client negative, so it gets none: x = (0, 20, 80), i.e. 0/0, 10/10 and 0/80 per class.
        double[,] ratio = { { 1, 0.5, 0 }, { 0, 0.5, 1 } };
        var division = ClientPartitioner.LeastNormDivision(ratio, [10, 90])!;
        Assert.Equal([0.0, 10, 0, 0, 10, 80], division.Cast<double>(), new ToleranceComparer(1e-9));

        int[] labels = [.. Enumerable.Repeat(0, 10), .. Enumerable.Repeat(1, 90)];
        List<int>[] byClass = [[.. Enumerable.Range(0, 10)], [.. Enumerable.Range(10, 90)]];
        var shards = ClientPartitioner.AllocateDivision(byClass, division, new Xoshiro256(1));
        Assert.Equal([(0, 0), (10, 10), (0, 80)], shards.Select(s => (s.Count(i => labels[i] == 0), s.Count(i => labels[i] == 1))));
    }

    [Fact]
    public void FractionalSharesAreFlooredAndTheLeftoversScatteredSoEveryExampleIsUsedOnce()
    {
        double[,] division = { { 3.9, 2.5, 3.6 }, { 0.2, 0.7, 9.1 } }; // floors 3+2+3 = 8 of 10, 0+0+9 = 9 of 10
        List<int>[] byClass = [[.. Enumerable.Range(0, 10)], [.. Enumerable.Range(10, 10)]];
        var shards = ClientPartitioner.AllocateDivision(byClass, division, new Xoshiro256(2));

        Assert.Equal(Enumerable.Range(0, 20), shards.SelectMany(s => s).Order());
        int[] floors = [3, 2, 3];
        for (int k = 0; k < 3; k++) Assert.True(shards[k].Count(i => i < 10) >= floors[k]);
        Assert.True(shards[2].Count(i => i >= 10) >= 9);
    }

    [Fact]
    public void ReferenceDirichletFallsBackToPerClassSharesWhenNoClientSizesFit()
    {
        // Two nearly pure clients of the same class cannot make a 50/50 federation: the QP is infeasible.
        int[] labels = BalancedLabels(40, 2);
        int fallbacks = 0;
        for (long seed = 0; seed < 100; seed++)
        {
            var (shards, solved) = ClientPartitioner.ReferenceDirichletDraw(labels, 2, 2, 0.01, Xoshiro256.Derive(seed));
            Assert.Equal(Enumerable.Range(0, 40), shards.SelectMany(s => s).Order());
            Assert.All(shards, s => Assert.NotEmpty(s));
            if (!solved) fallbacks++;
        }
        Assert.InRange(fallbacks, 1, 99);
    }

    [Fact]
    public void ReferenceDirichletIsDeterministicPerSeed()
    {
        int[] labels = BalancedLabels(300, 3);
        Assert.Equal(
            ClientPartitioner.ReferenceDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.ReferenceDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)));
        Assert.NotEqual(
            ClientPartitioner.ReferenceDirichlet(labels, 3, 5, 0.5, new Xoshiro256(4)),
            ClientPartitioner.ReferenceDirichlet(labels, 3, 5, 0.5, new Xoshiro256(5)));
    }

    /// <summary>
    /// The setting (SST-2-like: 2 classes, 200 each, 10 clients, α = 0.5) over 1,000 seeds. The reference
    /// draws a class mix per client, p ~ Beta(0.25, 0.25) (Dirichlet(prior·α) with prior ½), and sizes the clients to
    /// fit, so a client's majority share is E max(p, 1 − p) ≈ 0.881; the per-class scheme gives a client's class-0
    /// fraction the arcsine law (two Gamma(½) shares), E = ½ + 1/π ≈ 0.818. The sizes: CV ≈ 0.30 against ≈ 0.84.
    /// </summary>
    [Fact]
    public void ReferenceSchemeHasMoreLabelSkewAndFarMoreEqualSizesThanThePerClassScheme()
    {
        int[] labels = BalancedLabels(400, 2);
        (double Share, double Cv) Measure(DirichletScheme scheme)
        {
            var shares = new List<double>();
            var cvs = new List<double>();
            for (long seed = 0; seed < 1000; seed++)
            {
                int[][] shards = ClientPartitioner.Dirichlet(scheme, labels, 2, 10, 0.5, Xoshiro256.Derive(seed, 10));
                shares.AddRange(shards.Select(s => Math.Max(s.Count(i => labels[i] == 0), s.Count(i => labels[i] == 1)) / (double)s.Length));
                double mean = shards.Average(s => s.Length);
                cvs.Add(Math.Sqrt(shards.Average(s => (s.Length - mean) * (s.Length - mean))) / mean);
            }
            return (shares.Average(), cvs.Average());
        }

        var reference = Measure(DirichletScheme.Reference);
        var perClass = Measure(DirichletScheme.PerClass);

        Assert.Equal(ExpectedMajorityShare(0.25), reference.Share, 0.015);
        Assert.Equal(0.5 + 1 / Math.PI, perClass.Share, 0.015);
        Assert.Equal(0.30, reference.Cv, 0.05);
        Assert.Equal(0.84, perClass.Cv, 0.05);
    }

    /// <summary>E max(p, 1 − p) for p ~ Beta(a, a), by the midpoint rule after p = 1 − t⁴ (which removes the endpoint singularity).</summary>
    private static double ExpectedMajorityShare(double a)
    {
        double beta = Math.Exp(2 * LogGamma(a) - LogGamma(2 * a));
        const int steps = 200_000;
        double top = Math.Pow(0.5, 0.25), sum = 0;
        for (int i = 0; i < steps; i++)
        {
            double t = (i + 0.5) / steps * top, p = 1 - Math.Pow(t, 4);
            // p · p^(a−1) (1−p)^(a−1) / B · dp/dt, with (1−p)^(a−1) = t^(4a−4) and dp/dt = −4t³.
            sum += p * Math.Pow(p, a - 1) * Math.Pow(t, 4 * a - 4) * 4 * Math.Pow(t, 3) / beta;
        }
        return 2 * sum * top / steps;
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation (g = 7), accurate to ~1e-13 for x > 0.
        double[] c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++) sum += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
