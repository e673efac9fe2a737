using MathNet.Numerics.LinearAlgebra;

namespace FedBpt.Engine.Optimization;

/// <summary>Eigendecomposition C = B diag(D²) Bᵀ of a covariance matrix, via MathNet's symmetric EVD.</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the row-major symmetric <paramref name="c"/> (n×n) and writes the eigenvectors as the rows of
    /// <paramref name="eigenvectors"/> and the square roots of the eigenvalues to <paramref name="axisLengths"/>,
    /// both in ascending eigenvalue order as pycma keeps them. Returns false, writing nothing, when
    /// <paramref name="c"/> is not numerically positive definite.
    /// </summary>
    public static bool TryDecompose(double[] c, int n, double[] eigenvectors, double[] axisLengths)
    {
        // Row-major storage of a symmetric matrix is its column-major storage as well.
        var evd = Matrix<double>.Build.Dense(n, n, (double[])c.Clone()).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        if (!values.All(v => v > 0 && double.IsFinite(v))) return false;

        var order = Enumerable.Range(0, n).OrderBy(k => values[k]).ToArray();
        double[] columns = evd.EigenVectors.ToColumnMajorArray();
        for (int k = 0; k < n; k++)
        {
            axisLengths[k] = Math.Sqrt(values[order[k]]);
            Array.Copy(columns, order[k] * n, eigenvectors, k * n, n);
        }
        return true;
    }

    /// <summary>
    /// <see cref="TryDecompose"/> with pycma's rescue for a covariance matrix that numerical error has made
    /// indefinite: add the smallest previous eigenvalue to the diagonal of <paramref name="c"/> (in place) and
    /// try again. <paramref name="axisLengths"/> must hold the previous axis lengths on entry.
    /// </summary>
    public static void DecomposeWithDiagonalLoading(double[] c, int n, double[] eigenvectors, double[] axisLengths)
    {
        for (int attempt = 0; !TryDecompose(c, n, eigenvectors, axisLengths); attempt++)
        {
            if (attempt == 8)
                throw new InvalidOperationException("The covariance matrix stayed indefinite after diagonal loading.");
            double shift = axisLengths.Min() * axisLengths.Min();
            for (int i = 0; i < n; i++)
            {
                c[i * n + i] += shift;
                axisLengths[i] = Math.Sqrt(axisLengths[i] * axisLengths[i] + shift);
            }
        }
    }
}
