namespace FedBpt.Engine.Optimization;

/// <summary>
/// Settings of a <see cref="CmaEs"/>, named after the pycma options they mirror. Everything left
/// <c>null</c> takes pycma 3.4.0's default for the given dimension and population size.
/// </summary>
public sealed record CmaEsOptions
{
    /// <summary>Search-space dimension N.</summary>
    public required int Dimension { get; init; }

    /// <summary>λ, samples per iteration (pycma <c>popsize</c>); <c>null</c>: 4 + ⌊3 ln N⌋.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>
    /// pycma <c>CMA_mu</c>: number of positive recombination weights. <c>null</c>: ⌊λ/2⌋. When set, pycma
    /// builds the weights for 2μ samples, so e.g. λ = μ = 10 gives ten unequal positive weights.
    /// </summary>
    public int? Mu { get; init; }

    /// <summary>σ0, used by <see cref="CmaEs(double[], CmaEsOptions)"/>; the explicit sigma argument of the other constructor wins.</summary>
    public double InitialSigma { get; init; } = 1.0;

    /// <summary>Box constraint applied to every coordinate (FedBPT's <c>bound</c>: [−b, b]); <c>null</c>: unbounded.</summary>
    public BoxBounds? Bounds { get; init; }

    /// <summary>
    /// pycma <c>maxstd</c>: the largest sampling standard deviation σ·s_i·√C_ii of any coordinate; a coordinate above it
    /// has its scaling s_i reduced to fit (pycma's <c>sigma_vec</c>, so σ itself is unchanged). <c>null</c>: with
    /// <see cref="Bounds"/>, pycma's default of a third of the box width (<c>maxstd_boundrange = 1/3</c>); without, none.
    /// </summary>
    public double? MaxStd { get; init; }

    /// <summary>The effective <see cref="MaxStd"/>: the option, else (Upper − Lower)/3 with bounds, else +∞.</summary>
    public double EffectiveMaxStd => MaxStd ?? (Bounds is { } b ? (b.Upper - b.Lower) / 3 : double.PositiveInfinity);

    /// <summary>Active CMA: negative recombination weights in the covariance update (pycma <c>CMA_active</c>, default on).</summary>
    public bool ActiveCovariance { get; init; } = true;

    /// <summary>
    /// Number of selective mirrors per iteration (pycma <c>CMA_mirrors</c> with the default delayed method):
    /// the worst sample's mirror image is injected into the next population. <c>null</c>: pycma's default,
    /// one mirror when λ &lt; 6 and none otherwise; 0 turns mirroring off.
    /// </summary>
    public int? MirroredSamples { get; init; }

    /// <summary><see cref="CmaEs.Stop"/> turns true after this many iterations; <c>null</c>: never.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Seed of the sampling generator (<see cref="Randomness.Xoshiro256"/>).</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when the settings are inconsistent.</summary>
    public void Validate()
    {
        if (Dimension < 1) throw new ArgumentException($"Dimension must be at least 1 (was {Dimension}).");
        if (PopulationSize is < 2) throw new ArgumentException($"PopulationSize must be at least 2 (was {PopulationSize}).");
        int lambda = PopulationSize ?? CmaEsParameters.DefaultPopulationSize(Dimension);
        if (Mu is int mu && (mu < 1 || mu > lambda))
            throw new ArgumentException($"Mu must lie in [1, PopulationSize = {lambda}] (was {mu}).");
        if (!(InitialSigma > 0) || double.IsInfinity(InitialSigma))
            throw new ArgumentException($"InitialSigma must be positive and finite (was {InitialSigma}).");
        if (Bounds is { } b && !(b.Lower < b.Upper && double.IsFinite(b.Lower) && double.IsFinite(b.Upper)))
            throw new ArgumentException($"Bounds need finite Lower < Upper (was [{b.Lower}, {b.Upper}]).");
        if (MaxStd is double maxStd && !(maxStd > 0))
            throw new ArgumentException($"MaxStd must be positive (was {maxStd}).");
        if (MirroredSamples is int m && (m < 0 || m > lambda / 2))
            throw new ArgumentException($"MirroredSamples must lie in [0, λ/2 = {lambda / 2}] (was {m}).");
        if (MaxIterations is < 0) throw new ArgumentException($"MaxIterations must not be negative (was {MaxIterations}).");
    }
}

/// <summary>
/// The same closed interval [Lower, Upper] for every coordinate, handled like pycma's default
/// <c>BoundTransform</c>: the ES searches an unbounded genotype space and every genotype is mapped into the box
/// by a map that is the identity on [Lower + a_l, Upper − a_u], quadratic on the transitions (reaching a bound
/// at Lower − a_l and Upper + a_u, with a = min((Upper − Lower)/2, max(1, |bound|)/20), pycma 3.4.0's
/// <c>margin_width2</c>) and mirrored periodically beyond. So solutions are always feasible and the distribution
/// still converges onto optima on the boundary.
/// </summary>
public sealed record BoxBounds(double Lower, double Upper)
{
    /// <summary>FedBPT's <c>bound</c> option: [−b, b].</summary>
    public static BoxBounds Symmetric(double bound) => new(-bound, bound);

    private double LowerWidth => Math.Min((Upper - Lower) / 2, Math.Max(1, Math.Abs(Lower)) / 20);
    private double UpperWidth => Math.Min((Upper - Lower) / 2, Math.Max(1, Math.Abs(Upper)) / 20);

    /// <summary>Genotype → point in the box.</summary>
    internal void ToBox(Span<double> x)
    {
        double al = LowerWidth, au = UpperWidth;
        double lo = Lower - al, hi = Upper + au, period = 2 * (hi - lo);
        for (int i = 0; i < x.Length; i++)
        {
            double y = x[i];
            if (y < lo || y > hi)
            {
                double s = (y - lo) % period;
                if (s < 0) s += period;
                if (s > hi - lo) s = period - s;
                y = lo + s;
            }
            if (y < Lower + al) y = Lower + (y - lo) * (y - lo) / (4 * al);
            else if (y > Upper - au) y = Upper - (y - hi) * (y - hi) / (4 * au);
            x[i] = y;
        }
    }

    /// <summary>Point in the box → genotype in [Lower − a_l, Upper + a_u]; points outside the box are clipped first.</summary>
    internal void FromBox(Span<double> x)
    {
        double al = LowerWidth, au = UpperWidth;
        for (int i = 0; i < x.Length; i++)
        {
            double y = Math.Clamp(x[i], Lower, Upper);
            if (y < Lower + al) y = Lower - al + 2 * Math.Sqrt(al * (y - Lower));
            else if (y > Upper - au) y = Upper + au - 2 * Math.Sqrt(au * (Upper - y));
            x[i] = y;
        }
    }
}
