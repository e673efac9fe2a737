using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Tests.Optimization;

public class CmaEsSerializationTests
{
    /// <summary>A small ES with everything in play: active weights, a mirror, bounds and a non-trivial C.</summary>
    private static CmaEs Warmed(int iterations)
    {
        var options = new CmaEsOptions { Dimension = 6, PopulationSize = 5, Bounds = BoxBounds.Symmetric(3), MaxIterations = 100, Seed = 42 };
        var es = new CmaEs([0.5, -0.5, 0.2, 0.1, -0.3, 0.9], 0.6, options);
        for (int i = 0; i < iterations; i++) Step(es);
        return es;
    }

    private static double[][] Step(CmaEs es)
    {
        var xs = es.Ask();
        es.Tell(xs, xs.Select(TestFunctions.Rosenbrock).ToArray());
        return xs;
    }

    public static TheoryData<string> Formats => ["json", "binary"];

    private static CmaEs RoundTrip(CmaEs es, string format) =>
        format == "json" ? CmaEs.FromJson(es.ToJson()) : CmaEs.FromBytes(es.ToBytes());

    [Theory]
    [MemberData(nameof(Formats))]
    public void RestoredStateContinuesBitForBit(string format)
    {
        var original = Warmed(9);
        Assert.NotEmpty(original.GetState().PendingMirrors);
        var restored = RoundTrip(original, format);

        for (int i = 0; i < 15; i++) Assert.Equal(Step(original), Step(restored));
        Assert.Equal(original.Mean, restored.Mean);
        Assert.Equal(original.Sigma, restored.Sigma);
        Assert.Equal(original.Covariance, restored.Covariance);
        Assert.Equal(original.Best!.Solution, restored.Best!.Solution);
        Assert.Equal((original.Iteration, original.Evaluations), (restored.Iteration, restored.Evaluations));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void StateSavedBetweenAskAndTellKeepsTheAskedPopulation(string format)
    {
        var original = Warmed(4);
        var xs = original.Ask();
        var restored = RoundTrip(original, format);
        var f = xs.Select(TestFunctions.Rosenbrock).ToArray();

        original.Tell(xs, f);
        restored.Tell(xs, f);

        Assert.Equal(original.GetState().Covariance, restored.GetState().Covariance);
        Assert.Equal(Step(original), Step(restored));
    }

    [Fact]
    public void JsonIsCamelCaseAndBinaryIsCompact()
    {
        var es = Warmed(3);
        string json = es.ToJson();

        Assert.Contains("\"pathSigma\":", json);
        Assert.Contains("\"options\":{\"dimension\":6", json);
        Assert.Equal(es.GetState(), CmaEsState.FromJson(json), new StateComparer());

        int n = 6, upperTriangle = n * (n + 1) / 2;
        Assert.InRange(es.ToBytes().Length, (upperTriangle + n * n) * 8, (upperTriangle + n * n) * 8 + 800);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void TheCoordinateScalingRoundTrips(string format)
    {
        var es = new CmaEs(new double[4], 2.0, new CmaEsOptions { Dimension = 4, Bounds = BoxBounds.Symmetric(1), MaxStd = 0.5, Seed = 3 });
        Step(es);
        var restored = RoundTrip(es, format);

        Assert.All(es.Scaling, s => Assert.True(s < 1));
        Assert.Equal(es.Scaling, restored.Scaling);
        Assert.Equal(0.5, restored.Options.MaxStd);
        Assert.Equal(Step(es), Step(restored));
    }

    [Fact]
    public void AVersion1StateWithoutScalingLoadsWithScalingOne()
    {
        var state = Warmed(2).GetState() with { Version = 1, Scaling = null };
        var es = CmaEs.FromState(state);
        Assert.All(es.Scaling, s => Assert.Equal(1.0, s));
        Assert.Equal(CmaEsState.CurrentVersion, CmaEs.FromBytes(es.ToBytes()).GetState().Version);
    }

    [Fact]
    public void CorruptBytesAreRejected()
    {
        byte[] bytes = Warmed(2).ToBytes();

        Assert.Throws<FormatException>(() => CmaEs.FromBytes(bytes[..^9]));
        Assert.Throws<FormatException>(() => CmaEs.FromBytes([.. bytes, 0]));
        Assert.Throws<FormatException>(() => CmaEs.FromBytes([.. "nonsense"u8]));
    }

    [Fact]
    public void InfiniteFitnessSurvivesJson()
    {
        var es = new CmaEs(new double[3], 1, new CmaEsOptions { Dimension = 3 });
        var xs = es.Ask();
        es.Tell(xs, xs.Select(_ => double.NegativeInfinity).ToArray());

        Assert.Equal(double.NegativeInfinity, CmaEs.FromJson(es.ToJson()).Best!.Fitness);
    }

    /// <summary>Compares the data of two states (records compare arrays by reference).</summary>
    private sealed class StateComparer : IEqualityComparer<CmaEsState>
    {
        public bool Equals(CmaEsState? a, CmaEsState? b) =>
            a is not null && b is not null
            && a.Options == b.Options && a.Sigma == b.Sigma && a.Rng == b.Rng
            && (a.Iteration, a.EigenIteration, a.Evaluations, a.AskedMirrors) == (b.Iteration, b.EigenIteration, b.Evaluations, b.AskedMirrors)
            && a.Mean.SequenceEqual(b.Mean) && a.Covariance.SequenceEqual(b.Covariance)
            && a.Eigenvectors.SequenceEqual(b.Eigenvectors) && a.AxisLengths.SequenceEqual(b.AxisLengths)
            && a.PathSigma.SequenceEqual(b.PathSigma) && a.PathC.SequenceEqual(b.PathC)
            && (a.Scaling ?? []).SequenceEqual(b.Scaling ?? [])
            && a.PendingMirrors.Zip(b.PendingMirrors).All(p => p.First.SequenceEqual(p.Second))
            && a.AskedSamples.Zip(b.AskedSamples).All(p => p.First.SequenceEqual(p.Second))
            && (a.Best is null ? b.Best is null : b.Best is not null && a.Best.Fitness == b.Best.Fitness && a.Best.Solution.SequenceEqual(b.Best.Solution));

        public int GetHashCode(CmaEsState obj) => 0;
    }
}
