using FedBpt.Engine.Optimization;
using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Tests.Optimization;

public class NonnegativeLeastNormTests
{
    [Fact]
    public void WithoutActiveBoundsItIsTheMinimumNormSolution()
    {
        // Two classes, three clients (pure, pure, 50/50): by symmetry x1 = x2 = 10 − x3/2, and minimising
        // 2(10 − t/2)² + t² gives t = 20/3.
        var result = NonnegativeLeastNorm.Solve(new double[,] { { 1, 0, 0.5 }, { 0, 1, 0.5 } }, [10, 10]);

        Assert.Equal(LeastNormOutcome.Solved, result.Outcome);
        Assert.Equal([20.0 / 3, 20.0 / 3, 20.0 / 3], result.X!, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void ANegativeMinimumNormCoordinateIsHeldAtZero()
    {
        // The unconstrained minimum-norm solution has x1 = −2/3; with x1 = 0 the rest is determined: x2 = 2, x3 = 8.
        var result = NonnegativeLeastNorm.Solve(new double[,] { { 1, 0.5, 0 }, { 0, 0.5, 1 } }, [1, 9]);

        Assert.Equal(LeastNormOutcome.Solved, result.Outcome);
        Assert.Equal([0.0, 2.0, 8.0], result.X!, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void ConstraintsWithoutANonnegativeSolutionAreInfeasible()
    {
        // Square and invertible, and its only solution is (−0.5, 2).
        Assert.Equal(LeastNormOutcome.Infeasible, NonnegativeLeastNorm.Solve(new double[,] { { 1, 0.5 }, { 0, 0.5 } }, [0.5, 1]).Outcome);
        // Every client is at least 60 % class 0, so no mix of them is 50/50.
        Assert.Equal(LeastNormOutcome.Infeasible,
            NonnegativeLeastNorm.Solve(new double[,] { { 0.6, 0.9, 0.7 }, { 0.4, 0.1, 0.3 } }, [200, 200]).Outcome);
    }

    [Fact]
    public void DependentRowsAreReportedAsCvxoptDoes() =>
        Assert.Equal(LeastNormOutcome.RankDeficient,
            NonnegativeLeastNorm.Solve(new double[,] { { 0.5, 0.5, 0.5 }, { 0.5, 0.5, 0.5 } }, [10, 10]).Outcome);

    // Brute force: the optimum is the minimum-norm solution on its own support, so the smallest nonnegative
    // support-restricted solution over all supports is the exact answer (and none exists iff infeasible).
    [Theory]
    [InlineData(2, 3)]
    [InlineData(2, 8)]
    [InlineData(3, 7)]
    [InlineData(4, 8)]
    public void RandomClassMixesMatchTheBruteForceOptimum(int classes, int clients)
    {
        int solved = 0, infeasible = 0;
        for (long seed = 0; seed < 60; seed++)
        {
            var rng = Xoshiro256.Derive(seed, classes, clients);
            var a = new double[classes, clients];
            for (int k = 0; k < clients; k++)
            {
                var g = Enumerable.Range(0, classes).Select(_ => rng.NextGamma(0.3) + 1e-12).ToArray();
                for (int c = 0; c < classes; c++) a[c, k] = g[c] / g.Sum();
            }
            var b = Enumerable.Range(0, classes).Select(_ => 10 + 190 * rng.NextDouble()).ToArray();

            var result = NonnegativeLeastNorm.Solve(a, b);
            var expected = BruteForce(a, b);
            if (expected is null)
            {
                Assert.Equal(LeastNormOutcome.Infeasible, result.Outcome);
                infeasible++;
                continue;
            }
            Assert.Equal(LeastNormOutcome.Solved, result.Outcome);
            Assert.All(result.X!, v => Assert.True(v >= 0));
            Assert.Equal(expected, result.X!, new ToleranceComparer(1e-8 * b.Max()));
            solved++;
        }
        Assert.True(solved > 20, $"only {solved} feasible draws ({infeasible} infeasible)");
    }

    [Fact]
    public void ManyClientsAreSolvedWithSatisfiedOptimalityConditions()
    {
        const int classes = 4, clients = 300;
        var rng = new Xoshiro256(11);
        var a = new double[classes, clients];
        for (int k = 0; k < clients; k++)
        {
            var g = Enumerable.Range(0, classes).Select(_ => rng.NextGamma(0.2) + 1e-12).ToArray();
            for (int c = 0; c < classes; c++) a[c, k] = g[c] / g.Sum();
        }
        double[] b = [500, 500, 500, 500];

        var result = NonnegativeLeastNorm.Solve(a, b);

        Assert.Equal(LeastNormOutcome.Solved, result.Outcome);
        var x = result.X!;
        for (int c = 0; c < classes; c++) Assert.Equal(b[c], Enumerable.Range(0, clients).Sum(k => a[c, k] * x[k]), 1e-8);
        // KKT: x = max(0, Aᵀλ) for the λ that fits the positive coordinates.
        var support = Enumerable.Range(0, clients).Where(k => x[k] > 1e-9).ToArray();
        var lambda = SolveNormal(a, support, support.Select(k => x[k]).ToArray());
        for (int k = 0; k < clients; k++)
        {
            double ak = Enumerable.Range(0, classes).Sum(c => a[c, k] * lambda[c]);
            if (x[k] > 1e-9) Assert.Equal(x[k], ak, 1e-7);
            else Assert.True(ak <= 1e-7, $"client {k}: a_kᵀλ = {ak} > 0 at a zero coordinate");
        }
    }

    private static double[]? BruteForce(double[,] a, double[] b)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        double[]? best = null;
        double bestNorm = double.PositiveInfinity;
        for (int mask = 1; mask < 1 << n; mask++)
        {
            var support = Enumerable.Range(0, n).Where(k => (mask >> k & 1) == 1).ToArray();
            if (support.Length < m) continue;
            // λ from (A_S A_Sᵀ) λ = b, x_S = A_Sᵀλ.
            var gram = new double[m, m];
            foreach (int k in support)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < m; j++) gram[i, j] += a[i, k] * a[j, k];
            var lambda = Gauss(gram, (double[])b.Clone());
            if (lambda is null) continue;
            var x = new double[n];
            foreach (int k in support) x[k] = Enumerable.Range(0, m).Sum(c => a[c, k] * lambda[c]);
            if (x.Any(v => v < -1e-9)) continue;
            double norm = x.Sum(v => v * v);
            if (norm < bestNorm) (best, bestNorm) = (x.Select(v => Math.Max(0, v)).ToArray(), norm);
        }
        return best;
    }

    /// <summary>Least-squares λ for A_Sᵀλ = x_S via the normal equations.</summary>
    private static double[] SolveNormal(double[,] a, int[] support, double[] xs)
    {
        int m = a.GetLength(0);
        var gram = new double[m, m];
        var rhs = new double[m];
        for (int s = 0; s < support.Length; s++)
        {
            int k = support[s];
            for (int i = 0; i < m; i++)
            {
                rhs[i] += a[i, k] * xs[s];
                for (int j = 0; j < m; j++) gram[i, j] += a[i, k] * a[j, k];
            }
        }
        return Gauss(gram, rhs) ?? throw new InvalidOperationException("singular support");
    }

    /// <summary>Gaussian elimination with partial pivoting; null when singular.</summary>
    private static double[]? Gauss(double[,] m, double[] rhs)
    {
        int n = rhs.Length;
        double scale = 0;
        foreach (double v in m) scale = Math.Max(scale, Math.Abs(v));
        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            if (Math.Abs(m[pivot, col]) <= 1e-10 * scale) return null;
            for (int j = 0; j < n; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / m[col, col];
                for (int j = col; j < n; j++) m[r, j] -= f * m[col, j];
                rhs[r] -= f * rhs[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = rhs[r];
            for (int j = r + 1; j < n; j++) sum -= m[r, j] * x[j];
            x[r] = sum / m[r, r];
        }
        return x;
    }
}
