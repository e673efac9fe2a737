using System.Numerics;

namespace FedBpt.Engine.Optimization;

/// <summary>
/// The few dense loops the CMA-ES needs at N = 500. All results are bit-identical on every machine: the
/// element-wise kernels use SIMD (one IEEE operation per element, whatever the vector width) and the dot
/// product uses a fixed four-way split, so a restored state continues exactly.
/// </summary>
internal static class DenseKernels
{
    /// <summary>Σ a_i b_i with four interleaved partial sums, added in a fixed order.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i <= a.Length - 4; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        double s = (s0 + s1) + (s2 + s3);
        for (; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>y += alpha·x.</summary>
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a = new Vector<double>(alpha);
            for (; i <= y.Length - Vector<double>.Count; i += Vector<double>.Count)
                (new Vector<double>(y[i..]) + a * new Vector<double>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < y.Length; i++) y[i] += alpha * x[i];
    }

    /// <summary>
    /// C ← decay·C + Σ_k coef_k v_k v_kᵀ on a row-major symmetric n×n matrix. Each entry is computed as
    /// decay·C_ij + Σ_k coef_k (v_k[i]·v_k[j]), the same arithmetic for (i, j) and (j, i), so C stays exactly
    /// symmetric.
    /// </summary>
    public static void SymmetricRankUpdate(Span<double> c, int n, double decay, ReadOnlySpan<double> coefs, double[][] vectors)
    {
        int width = Vector.IsHardwareAccelerated ? Vector<double>.Count : int.MaxValue;
        var d = new Vector<double>(decay);
        for (int i = 0; i < n; i++)
        {
            var row = c.Slice(i * n, n);
            int j = 0;
            for (; j <= n - width; j += width)
            {
                var acc = d * new Vector<double>(row[j..]);
                for (int k = 0; k < vectors.Length; k++)
                    acc += new Vector<double>(coefs[k]) * (new Vector<double>(vectors[k][i]) * new Vector<double>(vectors[k], j));
                acc.CopyTo(row[j..]);
            }
            for (; j < n; j++)
            {
                double acc = decay * row[j];
                for (int k = 0; k < vectors.Length; k++) acc += coefs[k] * (vectors[k][i] * vectors[k][j]);
                row[j] = acc;
            }
        }
    }
}
