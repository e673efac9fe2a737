namespace FedBpt.Engine.Optimization;

/// <summary>
/// Rank-based recombination weights w_1 ≥ … ≥ w_λ as in pycma's <c>RecombinationWeights</c> and Hansen's
/// tutorial (arXiv:1604.00772, App. A): raw values ln((λ+1)/2) − ln i, positive part normalised to sum 1,
/// negative part (used only by active CMA) to sum −1 until <see cref="FinalizeNegative"/> rescales it.
/// Immutable.
/// </summary>
public sealed class RecombinationWeights
{
    private readonly double[] _values;

    private RecombinationWeights(double[] values)
    {
        _values = values;
        Mu = values.Count(w => w > 0);
        double sumSquaresPositive = 0, sumNegative = 0, sumSquaresNegative = 0;
        foreach (double w in values)
        {
            if (w > 0) sumSquaresPositive += w * w;
            else if (w < 0) { sumNegative += w; sumSquaresNegative += w * w; }
        }
        MuEff = 1 / sumSquaresPositive;
        MuEffMinus = sumSquaresNegative > 0 ? sumNegative * sumNegative / sumSquaresNegative : 0;
    }

    /// <summary>All weights in rank order (best first); their count may exceed λ when <c>Mu</c> was given.</summary>
    public IReadOnlyList<double> Values => _values;

    public int Count => _values.Length;

    public double this[int rank] => _values[rank];

    /// <summary>Number of strictly positive weights (μ).</summary>
    public int Mu { get; }

    /// <summary>Variance-effective selection mass of the positive weights, 1 / Σ w_i² (they sum to 1).</summary>
    public double MuEff { get; }

    /// <summary>The same quantity for the negative weights, (Σ w⁻)² / Σ (w⁻)²; 0 without negative weights.</summary>
    public double MuEffMinus { get; }

    /// <summary>The μ positive weights, summing to 1, used to recombine the mean.</summary>
    public double[] Positive => _values[..Mu];

    /// <summary>
    /// Raw (not yet finalised) weights for λ samples. Without <paramref name="mu"/> the shape is computed for λ
    /// itself; with it, pycma computes the shape for 2μ samples and pads zeros after the positive block up to λ
    /// (so λ = μ = 10 gives the ten positive weights of a λ = 20 shape).
    /// </summary>
    public static RecombinationWeights Create(int populationSize, int? mu = null)
    {
        if (populationSize < 2) throw new ArgumentOutOfRangeException(nameof(populationSize), "at least 2 samples are needed");
        if (mu is < 1) throw new ArgumentOutOfRangeException(nameof(mu), "mu must be positive");

        int shapeLength = mu is int m ? 2 * m : populationSize;
        var raw = new List<double>(Math.Max(shapeLength, populationSize));
        double top = Math.Log((shapeLength + 1) / 2.0);
        for (int i = 1; i <= shapeLength; i++) raw.Add(top - Math.Log(i));
        int positive = raw.Count(w => w > 0);
        while (raw.Count < populationSize) raw.Insert(positive, 0.0);

        double sumPositive = raw.Where(w => w > 0).Sum();
        double sumNegative = raw.Where(w => w < 0).Sum();
        var values = raw.Select(w => w > 0 ? w / sumPositive : w < 0 ? w / -sumNegative : 0.0).ToArray();
        return new RecombinationWeights(values);
    }

    /// <summary>
    /// Scales the negative weights for active CMA as pycma's <c>finalize_negative_weights</c> (Hansen 2016,
    /// App. A), in this order: (1) Σ|w⁻| = 1 + c1/cμ, so that the decay factor 1 − c1 − cμ Σw of C is 1;
    /// (2) at most (1 − c1 − cμ)/(cμ N), which keeps C positive definite when each negatively weighted vector has
    /// squared Mahalanobis length N; (3) at most 1 + 2 μeff⁻/(μeff + 2).
    /// </summary>
    public RecombinationWeights FinalizeNegative(int dimension, double c1, double cmu)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension));
        if (!(_values[^1] < 0)) return this;

        double sumNegative = -_values.Where(w => w < 0).Sum();
        double target = sumNegative;
        if (cmu > 0)
        {
            target = 1 + c1 / cmu;
            target = Math.Min(target, (1 - c1 - cmu) / cmu / dimension);
        }
        target = Math.Min(target, 1 + 2 * MuEffMinus / (MuEff + 2));
        double factor = target / sumNegative;
        return new RecombinationWeights(_values.Select(w => w < 0 ? w * factor : w).ToArray());
    }

    /// <summary>The weights with the negative part set to zero (CMA without the active update).</summary>
    public RecombinationWeights WithoutNegative() => new(_values.Select(w => Math.Max(w, 0.0)).ToArray());
}
