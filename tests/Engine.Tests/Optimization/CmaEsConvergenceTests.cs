using FedBpt.Engine.Optimization;
using Xunit.Abstractions;

namespace FedBpt.Engine.Tests.Optimization;

/// <summary>
/// Convergence to f &lt; 1e-8 with default settings, against published CMA-ES figures (Hansen's tutorial and
/// pycma, N = 10, default λ = 10): sphere ≈ 1.5–2e3 evaluations, ellipsoid (cond. 1e6) ≈ 6–7e3, Rosenbrock
/// ≈ 5–6e3 (sphere N = 50, λ = 15: about 6e3 here). Budgets allow about 2× those; the counts are printed.
/// </summary>
public class CmaEsConvergenceTests(ITestOutputHelper output)
{
    private const double Target = 1e-8;

    private long Run(string name, Func<double[], double> f, double[] x0, double sigma0, ulong seed, long budget)
    {
        var es = new CmaEs(x0, sigma0, new CmaEsOptions { Dimension = x0.Length, Seed = seed });
        long? evals = TestFunctions.EvaluationsToTarget(es, f, Target, budget);
        output.WriteLine($"{name} N={x0.Length} seed={seed}: {(evals is long e ? $"{e} evaluations" : $"not reached in {budget}")}, best f={es.Best!.Fitness:E2}");
        return evals ?? long.MaxValue;
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void SphereDimension10(ulong seed) =>
        Assert.True(Run("sphere", TestFunctions.Sphere, Ones(10), 1, seed, 4_000) <= 4_000);

    [Fact]
    public void SphereDimension50() =>
        Assert.True(Run("sphere", TestFunctions.Sphere, Ones(50), 1, 3, 12_000) <= 12_000);

    [Fact]
    public void EllipsoidDimension10() =>
        Assert.True(Run("ellipsoid", TestFunctions.Ellipsoid, Ones(10), 1, 4, 14_000) <= 14_000);

    [Fact]
    public void RosenbrockDimension10ReachesTheGlobalOptimumInMostRuns()
    {
        // Without restarts CMA-ES ends in Rosenbrock's local minimum in a minority of runs.
        int successes = new ulong[] { 5, 6, 7 }.Count(seed => Run("rosenbrock", TestFunctions.Rosenbrock, new double[10], 0.5, seed, 12_000) <= 12_000);
        Assert.True(successes >= 2, $"{successes} of 3 runs reached the global optimum");
    }

    private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();
}
