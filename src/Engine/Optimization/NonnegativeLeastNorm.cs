namespace FedBpt.Engine.Optimization;

/// <summary>How <see cref="NonnegativeLeastNorm.Solve"/> ended.</summary>
public enum LeastNormOutcome
{
    /// <summary>The minimiser was found.</summary>
    Solved,

    /// <summary>No x ≥ 0 satisfies A·x = b.</summary>
    Infeasible,

    /// <summary>A has dependent rows (cvxopt refuses such a problem with "Rank(A) &lt; p").</summary>
    RankDeficient,
}

/// <summary>The outcome and, when solved, the minimiser.</summary>
public sealed record LeastNormResult(LeastNormOutcome Outcome, double[]? X);

/// <summary>
/// Exact solver of the small QP the reference's non-IID split hands to cvxopt:
/// minimise ‖x‖² subject to A·x = b and x ≥ 0 (A is m×n with m ≪ n).
/// </summary>
/// <remarks>
/// Goldfarb–Idnani's dual active-set method specialised to the identity Hessian. The working set W holds the
/// coordinates fixed at zero; for a given W the minimiser is x_F = A_Fᵀλ on the free coordinates F with
/// (A_F A_Fᵀ) λ = b, and the multiplier of x_j ≥ 0 (j ∈ W) is −a_jᵀλ. The method starts from W = ∅ (the
/// minimum-norm solution of A·x = b), then repeatedly takes the most negative free coordinate p and raises its
/// multiplier u from 0: along that path x_p grows linearly and the multipliers of W change linearly. A multiplier
/// that reaches zero leaves W (a partial step); when x_p reaches zero, p joins W (a full step). Every step raises
/// the dual objective, so no working set repeats and the method ends in finitely many steps, with dual
/// feasibility (all multipliers ≥ 0) throughout and primal feasibility at the end: the KKT conditions, which are
/// sufficient for this convex problem. When x_p cannot be raised and no multiplier can leave, the constraints
/// are inconsistent (Goldfarb and Idnani 1983, Math. Programming 27). The rows of A_F stay independent because
/// p joins W only when x_p can move, so every linear system is an m×m positive definite one (Cholesky).
/// </remarks>
public static class NonnegativeLeastNorm
{
    private const double RelativeTolerance = 1e-12;

    // Below this, e_p is taken to lie in A_F's row space: fixing x_p would make A_F's rows (numerically) dependent.
    private const double SlopeTolerance = 1e-9;

    public static LeastNormResult Solve(double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.GetLength(0), n = a.GetLength(1);
        if (b.Length != m) throw new ArgumentException($"b has {b.Length} entries but A has {m} rows.", nameof(b));
        if (m == 0 || n == 0) throw new ArgumentException("A must have at least one row and one column.", nameof(a));
        foreach (double v in a)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("A must be finite.", nameof(a));
        }
        if (b.Any(v => !double.IsFinite(v))) throw new ArgumentException("b must be finite.", nameof(b));

        double aScale = 0;
        foreach (double v in a) aScale = Math.Max(aScale, Math.Abs(v));
        if (aScale == 0) return new LeastNormResult(LeastNormOutcome.RankDeficient, null);
        double xTolerance = 1e-11 * Math.Max(b.Max(Math.Abs), double.Epsilon) / aScale;

        var atZero = new bool[n];
        var lambda = new double[m];
        if (!TrySolveFree(a, atZero, b, lambda)) return new LeastNormResult(LeastNormOutcome.RankDeficient, null);

        var x = new double[n];
        var shift = new double[m];
        var rhs = new double[m];
        var column = new double[m];
        var fixedLambda = new double[m];
        int maxSteps = 20 * (n + m) + 100;
        for (int step = 0; ; step++)
        {
            if (step > maxSteps) throw new InvalidOperationException("The least-norm active-set method did not terminate.");
            Primal(a, atZero, lambda, x);
            int p = -1;
            for (int k = 0; k < n; k++)
            {
                if (!atZero[k] && (p < 0 || x[k] < x[p])) p = k;
            }
            if (p < 0 || x[p] >= -xTolerance)
            {
                for (int k = 0; k < n; k++) x[k] = atZero[k] ? 0 : Math.Max(0, x[k]);
                return new LeastNormResult(LeastNormOutcome.Solved, x);
            }

            // Raise the multiplier u of x_p ≥ 0 until x_p = 0, freeing coordinates whose multipliers fall to zero.
            for (int k = 0; k < m; k++) column[k] = a[k, p];
            double u = 0; // the multiplier of x_p ≥ 0
            while (true)
            {
                if (++step > maxSteps) throw new InvalidOperationException("The least-norm active-set method did not terminate.");
                // λ(u) = M⁻¹(b − u a_p), s = M⁻¹ a_p, so dλ/du = −s; x_p(u) = a_pᵀλ(u) + u.
                if (!TrySolveFree(a, atZero, column, shift)) throw new InvalidOperationException("The working set lost full rank.");
                for (int k = 0; k < m; k++) rhs[k] = b[k] - u * column[k];
                if (!TrySolveFree(a, atZero, rhs, lambda)) throw new InvalidOperationException("The working set lost full rank.");
                double xp = Dot(column, lambda) + u;
                double slope = 1 - Dot(column, shift); // dx_p/du: the part of e_p outside A_F's row space
                double full = slope > SlopeTolerance ? Math.Max(0, -xp / slope) : double.PositiveInfinity;
                if (!double.IsPositiveInfinity(full))
                {
                    // Fixing x_p must leave A_F's rows independent; where rounding says otherwise, x_p cannot move.
                    atZero[p] = true;
                    if (!TrySolveFree(a, atZero, b, fixedLambda)) full = double.PositiveInfinity;
                    atZero[p] = false;
                }

                double partial = double.PositiveInfinity;
                int leaving = -1;
                for (int j = 0; j < n; j++)
                {
                    if (!atZero[j]) continue;
                    double rate = ColumnDot(a, j, shift); // d(multiplier_j)/du = a_jᵀ s
                    if (rate >= -RelativeTolerance) continue;
                    double multiplier = Math.Max(0, -ColumnDot(a, j, lambda));
                    double t = multiplier / -rate;
                    if (t < partial) (partial, leaving) = (t, j);
                }

                if (double.IsPositiveInfinity(full) && leaving < 0) return new LeastNormResult(LeastNormOutcome.Infeasible, null);
                if (full <= partial)
                {
                    atZero[p] = true;
                    Array.Copy(fixedLambda, lambda, m);
                    break;
                }
                u += partial;
                atZero[leaving] = false;
            }
        }
    }

    /// <summary>x_F = A_Fᵀλ on the free coordinates, 0 on the others.</summary>
    private static void Primal(double[,] a, bool[] atZero, double[] lambda, double[] x)
    {
        for (int k = 0; k < x.Length; k++) x[k] = atZero[k] ? 0 : ColumnDot(a, k, lambda);
    }

    /// <summary>Solves (A_F A_Fᵀ) y = rhs by Cholesky; false when A_F's rows are (numerically) dependent.</summary>
    private static bool TrySolveFree(double[,] a, bool[] atZero, double[] rhs, double[] y)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var g = new double[m, m];
        for (int k = 0; k < n; k++)
        {
            if (atZero[k]) continue;
            for (int i = 0; i < m; i++)
            {
                double aik = a[i, k];
                if (aik == 0) continue;
                for (int j = 0; j <= i; j++) g[i, j] += aik * a[j, k];
            }
        }
        double maxDiagonal = 0;
        for (int i = 0; i < m; i++) maxDiagonal = Math.Max(maxDiagonal, g[i, i]);
        if (maxDiagonal == 0) return false;

        // In-place lower Cholesky factor L of G.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = g[i, j];
                for (int k = 0; k < j; k++) sum -= g[i, k] * g[j, k];
                if (i == j)
                {
                    if (sum <= 1e-13 * maxDiagonal) return false;
                    g[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    g[i, j] = sum / g[j, j];
                }
            }
        }
        for (int i = 0; i < m; i++)
        {
            double sum = rhs[i];
            for (int k = 0; k < i; k++) sum -= g[i, k] * y[k];
            y[i] = sum / g[i, i];
        }
        for (int i = m - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < m; k++) sum -= g[k, i] * y[k];
            y[i] = sum / g[i, i];
        }
        return true;
    }

    private static double ColumnDot(double[,] a, int column, double[] v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++) sum += a[i, column] * v[i];
        return sum;
    }

    private static double Dot(double[] u, double[] v)
    {
        double sum = 0;
        for (int i = 0; i < u.Length; i++) sum += u[i] * v[i];
        return sum;
    }
}
