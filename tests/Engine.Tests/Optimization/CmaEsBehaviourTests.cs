using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Tests.Optimization;

public class CmaEsBehaviourTests
{
    private static CmaEsOptions Server(int n) => new() { Dimension = n, PopulationSize = 10, Mu = 10, Seed = 1234 };

    [Fact]
    public void InjectedFarSolutionIsShortenedToTheRepairThresholdInMahalanobisUnits()
    {
        const int n = 20;
        var covariance = new double[n, n];
        for (int i = 0; i < n; i++) covariance[i, i] = i == 0 ? 4 : 1;
        var es = new CmaEs(new double[n], 0.5, Server(n), covariance);
        var far = new double[n];
        far[0] = 1000;
        far[1] = 500;

        // Ten copies of the same point: the weights sum to 1, so the new mean is the repaired point itself.
        es.Ask();
        es.Tell(Enumerable.Repeat(far, 10).ToArray(), Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), injected: true);

        var mean = es.Mean;
        double mahalanobis = Math.Sqrt(mean[0] * mean[0] / 4 + mean[1] * mean[1]) / 0.5;
        Assert.Equal(es.Parameters.RepairThreshold, mahalanobis, 9);
        Assert.Equal(far[0] / far[1], mean[0] / mean[1], 12);
        Assert.All(mean.Skip(2), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void InjectedNearSolutionIsKeptAndAskedSolutionsAreNotRepaired()
    {
        const int n = 20;
        var near = new double[n];
        near[3] = 0.5 * 3; // Mahalanobis length 3 < 6.3
        var injected = new CmaEs(new double[n], 0.5, Server(n));
        injected.Tell(Enumerable.Repeat(near, 10).ToArray(), new double[10], injected: true);
        Assert.Equal(near[3], injected.Mean[3], 12);

        // Shrinking sigma after ask makes the asked samples ~1000 σ long; they are still taken as they are.
        var asked = new CmaEs(new double[n], 0.5, Server(n));
        var xs = asked.Ask();
        asked.Sigma = 0.0005;
        var f = xs.Select(TestFunctions.Sphere).ToArray();
        asked.Tell(xs, f);
        var order = Enumerable.Range(0, 10).OrderBy(i => f[i]).ToArray();
        var w = asked.Parameters.Weights;
        Assert.Equal(Enumerable.Range(0, 10).Sum(r => w[r] * xs[order[r]][0]), asked.Mean[0], 12);
    }

    [Fact]
    public void ServerStepRecombinesClientMeansByFitnessRank()
    {
        const int n = 4;
        var es = new CmaEs(new double[n], 1.0, Server(n));
        var clients = Enumerable.Range(0, 10).Select(k => new[] { k * 0.1, 0, 0, 0 }).ToArray();
        var fitness = Enumerable.Range(0, 10).Select(k => 1.0 - k * 0.01).ToArray(); // client 9 is best

        es.Ask();
        es.Tell(clients, fitness, injected: true);

        double expected = es.Parameters.Weights.Positive.Select((w, rank) => w * (9 - rank) * 0.1).Sum();
        Assert.Equal(expected, es.Mean[0], 12);
    }

    [Fact]
    public void CopyLightKeepsTheDistributionAndResetsEverythingElse()
    {
        var es = new CmaEs(Enumerable.Repeat(0.3, 8).ToArray(), 0.4, new CmaEsOptions { Dimension = 8, Seed = 9 });
        for (int i = 0; i < 12; i++)
        {
            var xs = es.Ask();
            es.Tell(xs, xs.Select(TestFunctions.Ellipsoid).ToArray());
        }
        es.Sigma = 0.123;
        var options = es.Options with { PopulationSize = 5, Mu = null, Seed = 1234, MaxIterations = 8 };

        var copy = es.CopyLight(options);
        var state = copy.GetState();

        Assert.Equal(es.Mean, copy.Mean);
        Assert.Equal(0.123, copy.Sigma);
        Assert.Equal(es.Covariance, copy.Covariance);
        Assert.All(state.PathSigma, v => Assert.Equal(0.0, v));
        Assert.All(state.PathC, v => Assert.Equal(0.0, v));
        Assert.Equal((0, 0L, 0), (copy.Iteration, copy.Evaluations, state.EigenIteration));
        Assert.Null(copy.Best);
        Assert.Equal((5, 2), (copy.Parameters.PopulationSize, copy.Parameters.Mu));
        AssertEigendecompositionMatches(state);
        Assert.NotEqual(0.0, es.GetState().PathSigma[0]);

        // Every client re-seeds identically, as pycma does: equal copies draw equal populations.
        Assert.Equal(copy.Ask(), es.CopyLight(options).Ask());
        for (int i = 0; i < 8; i++)
        {
            Assert.False(copy.Stop);
            var xs = copy.Ask();
            copy.Tell(xs, xs.Select(TestFunctions.Ellipsoid).ToArray());
        }
        Assert.True(copy.Stop);
    }

    [Fact]
    public void SameSeedGivesIdenticalRunsAndAnotherSeedDoesNot()
    {
        static List<double[]> Run(ulong seed)
        {
            var es = new CmaEs(new double[6], 0.5, new CmaEsOptions { Dimension = 6, Seed = seed });
            var history = new List<double[]>();
            for (int i = 0; i < 40; i++)
            {
                var xs = es.Ask();
                history.AddRange(xs);
                es.Tell(xs, xs.Select(TestFunctions.Rosenbrock).ToArray());
            }
            history.Add([es.Sigma]);
            return history;
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7)[0], Run(8)[0]);
    }

    [Fact]
    public void SamplesStayInsideTheBoxAndTheMeanConvergesOntoTheBoundary()
    {
        const int n = 5;
        var es = new CmaEs(new double[n], 2.0, new CmaEsOptions { Dimension = n, Bounds = BoxBounds.Symmetric(0.5), Seed = 3 });
        static double Shifted(double[] x) => x.Sum(v => (v - 1) * (v - 1)); // optimum outside the box

        for (int i = 0; i < 200; i++)
        {
            var xs = es.Ask();
            Assert.All(xs.SelectMany(x => x), v => Assert.InRange(v, -0.5, 0.5));
            es.Tell(xs, xs.Select(Shifted).ToArray());
        }
        Assert.All(es.MeanInBounds, v => Assert.Equal(0.5, v, 6)); // the constrained optimum is the corner
    }

    [Fact]
    public void BoxMapIsTheIdentityAwayFromTheBoundsAndInvertible()
    {
        var box = BoxBounds.Symmetric(1);
        double[] x = [0.3, -0.89, 0.95, -1.0, 1.0, 5.2, -7.7];
        var mapped = (double[])x.Clone();
        box.ToBox(mapped);
        Assert.Equal(x[..2], mapped[..2]);
        Assert.All(mapped, v => Assert.InRange(v, -1, 1));

        var back = (double[])mapped.Clone();
        box.FromBox(back);
        box.ToBox(back);
        Assert.Equal(mapped, back, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void TheBoxMarginIsPycmasMarginWidth2()
    {
        // pycma 3.4.0's doctest of BoxConstraintsLinQuadTransformation with margin_width2 and bounds [1, 11]:
        // tf([-2.2, -0.2, 2, 4, 10.4]) = [4.1, 2.1, 2.0, 4.0, 10.4]; margins max(1, |b|)/20 = 0.05 and 0.55.
        var box = new BoxBounds(1, 11);
        double[] x = [-2.2, -0.2, 2, 4, 10.4];
        box.ToBox(x);
        Assert.Equal([4.1, 2.1, 2.0, 4.0, 10.4], x, new ToleranceComparer(1e-9));
    }

    [Fact]
    public void WithBoundsTheCoordinateStdIsCappedAtAThirdOfTheBoxByScalingNotBySigma()
    {
        const int n = 4;
        var options = new CmaEsOptions { Dimension = n, Bounds = BoxBounds.Symmetric(1), Seed = 1 };
        Assert.Equal(2.0 / 3, options.EffectiveMaxStd, 15);

        var wide = new CmaEs(new double[n], 2.0, options);
        Assert.Equal(2.0, wide.Sigma); // pycma keeps σ and shrinks sigma_vec
        Assert.All(wide.Scaling, s => Assert.Equal(1.0 / 3, s, 15));
        var narrow = new CmaEs(new double[n], 0.5, options);
        Assert.All(narrow.Scaling, s => Assert.Equal(1.0, s));
        Assert.All(new CmaEs(new double[n], 2.0, options with { Bounds = null }).Scaling, s => Assert.Equal(1.0, s));

        // Samples spread by σ·s: the genotype steps have standard deviation 2/3, not 2.
        var many = new CmaEs(new double[n], 2.0, options with { PopulationSize = 400 });
        many.Ask();
        var steps = many.GetState().AskedSamples.SelectMany(g => g).ToArray();
        Assert.Equal(2.0 / 3, Math.Sqrt(steps.Average(v => v * v)), 0.04);

        // After every update no coordinate's std exceeds the cap, whatever σ does.
        for (int i = 0; i < 50; i++)
        {
            var xs = wide.Ask();
            wide.Tell(xs, xs.Select(x => x.Sum(v => (v - 0.9) * (v - 0.9))).ToArray());
            for (int j = 0; j < n; j++) Assert.True(wide.Sigma * wide.Scaling[j] * Math.Sqrt(wide.Covariance[j, j]) <= 2.0 / 3 * (1 + 1e-12));
        }
    }

    [Fact]
    public void TheStartingMeanIsAPointOfTheProblemMappedIntoTheSearchSpace()
    {
        // pycma: mean = geno(x0) through the bounds' inverse; the point in the box comes back unchanged.
        var options = new CmaEsOptions { Dimension = 3, Bounds = BoxBounds.Symmetric(0.5), Seed = 1 };
        var es = new CmaEs([0.5, -0.49, 0.1], 0.1, options);
        Assert.Equal([0.55, -0.55 + 2 * Math.Sqrt(0.05 * 0.01), 0.1], es.Mean, new ToleranceComparer(1e-12));
        Assert.Equal([0.5, -0.49, 0.1], es.MeanInBounds, new ToleranceComparer(1e-12));
        Assert.Equal([0.9, 2.0, -3.0], new CmaEs([0.9, 2.0, -3.0], 0.1, options with { Bounds = null }).Mean);
    }

    [Fact]
    public void CopyLightHandsOnTheScaling()
    {
        var options = new CmaEsOptions { Dimension = 3, Bounds = BoxBounds.Symmetric(1), Seed = 1 };
        var server = new CmaEs(new double[3], 3.0, options);
        var client = server.CopyLight(options with { PopulationSize = 5, Seed = 2 });
        Assert.Equal(server.Scaling, client.Scaling);
        Assert.Equal(server.Scaling, new CmaEs(server.MeanInBounds, 1.0, options, server.Covariance, server.Scaling).Scaling);
    }

    [Fact]
    public void AChangedAskedSolutionIsTreatedAsInjected()
    {
        const int n = 10;
        var es = new CmaEs(new double[n], 0.1, new CmaEsOptions { Dimension = n, Seed = 5 });
        var xs = es.Ask();
        xs[0] = Enumerable.Repeat(100.0, n).ToArray(); // not from ask and far away
        var f = xs.Select(_ => 1.0).ToArray();
        f[0] = 0; // best; the ties rank by index

        es.Tell(xs, f);

        var w = es.Parameters.Weights;
        double repaired = 0.1 * es.Parameters.RepairThreshold / Math.Sqrt(n);
        for (int i = 0; i < n; i++)
        {
            double expected = w[0] * repaired + Enumerable.Range(1, es.Parameters.Mu - 1).Sum(r => w[r] * xs[r][i]);
            Assert.Equal(expected, es.Mean[i], 12);
        }
    }

    [Fact]
    public void SelectiveMirrorReflectsThePreviousWorstSample()
    {
        const int n = 10;
        var es = new CmaEs(Enumerable.Repeat(1.0, n).ToArray(), 0.3, new CmaEsOptions { Dimension = n, PopulationSize = 5, Seed = 11 });
        Assert.Equal(1, es.Parameters.MirroredSamples);

        var first = es.Ask();
        var fitness = first.Select(TestFunctions.Sphere).ToArray();
        var worst = first[Array.IndexOf(fitness, fitness.Max())];
        var oldMean = es.Mean;
        es.Tell(first, fitness);
        var second = es.Ask();

        var direction = oldMean.Zip(worst, (m, x) => m - x).ToArray();
        var step = second[0].Zip(es.Mean, (x, m) => x - m).ToArray();
        double cosine = direction.Zip(step, (a, b) => a * b).Sum() / Math.Sqrt(direction.Sum(a => a * a) * step.Sum(b => b * b));
        Assert.Equal(1.0, cosine, 12);
    }

    [Fact]
    public void EigendecompositionIsRenewedLazily()
    {
        // N = 200 with the server's weights: c1 + cmu ≈ 2.6e-4, so C is decomposed every second iteration.
        var es = new CmaEs(new double[200], 1.0, Server(200));
        Assert.Equal(1.90, es.Parameters.EigenUpdateGap, 2);
        var eigenIterations = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            var xs = es.Ask();
            eigenIterations.Add(es.GetState().EigenIteration);
            es.Tell(xs, xs.Select(TestFunctions.Sphere).ToArray());
        }

        Assert.Equal([0, 0, 2, 2, 4], eigenIterations);
        AssertEigendecompositionMatches(CmaEs.FromState(es.GetState() with { }).CopyLight(es.Options).GetState());
    }

    [Fact]
    public void BestTracksTheLowestToldFitnessAndSigmaCanBeOverwritten()
    {
        var es = new CmaEs(new double[3], 1.0, new CmaEsOptions { Dimension = 3, Seed = 2 });
        var xs = es.Ask();
        var f = xs.Select(TestFunctions.Sphere).ToArray();
        f[2] = double.NaN;
        es.Tell(xs, f);

        int best = Array.IndexOf(f, f.Where(v => !double.IsNaN(v)).Min());
        Assert.Equal(xs[best], es.Best!.Solution);
        Assert.Equal((f[best], 7L), (es.Best.Fitness, es.Best.Evaluation));

        es.Sigma = 0.25;
        Assert.Equal(0.25, es.Sigma);
        Assert.Throws<ArgumentOutOfRangeException>(() => es.Sigma = -1);
        Assert.Throws<ArgumentException>(() => es.Tell(xs, f[..^1]));
        Assert.Throws<ArgumentException>(() => es.Tell(xs[..1], f[..1]));
    }

    private static void AssertEigendecompositionMatches(CmaEsState state)
    {
        int n = state.Options.Dimension;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double c = 0;
                for (int k = 0; k < n; k++)
                    c += state.Eigenvectors[k * n + i] * state.AxisLengths[k] * state.AxisLengths[k] * state.Eigenvectors[k * n + j];
                Assert.Equal(state.Covariance[i * n + j], c, 10);
            }
    }
}
