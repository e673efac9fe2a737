namespace FedBpt.Engine.Optimization;

/// <summary>
/// The strategy parameters (weights and learning rates) that follow from <see cref="CmaEsOptions"/>, computed
/// as pycma 3.4.0 does (<c>CMAParameters.set</c>, <c>CMAAdaptSigmaCSA.initialize</c>, the sampler's
/// <c>parameters()</c>), which in turn follow Hansen's tutorial (arXiv:1604.00772, Table 1).
/// </summary>
public sealed class CmaEsParameters
{
    private CmaEsParameters(CmaEsOptions options)
    {
        options.Validate();
        int n = options.Dimension;
        Dimension = n;
        PopulationSize = options.PopulationSize ?? DefaultPopulationSize(n);

        var raw = RecombinationWeights.Create(PopulationSize, options.Mu);
        double muEff = raw.MuEff;

        // Rank-one and rank-μ rates with α_cov = 2 and the tutorial's 1/4 offset; pycma damps c1 for tiny
        // populations by min(1, λ/6), λ being the length of the weight vector.
        C1 = Math.Min(1, raw.Count / 6.0) * 2 / ((n + 1.3) * (n + 1.3) + muEff);
        CMu = Math.Min(1 - C1, 2 * (0.25 + muEff - 2 + 1 / muEff) / ((n + 2.0) * (n + 2.0) + muEff));
        Weights = options.ActiveCovariance ? raw.FinalizeNegative(n, C1, CMu) : raw.WithoutNegative();

        Cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        CSigma = (muEff + 2) / (n + muEff + 3);

        MirroredSamples = options.MirroredSamples ?? DefaultMirrors(PopulationSize, n);
        // pycma's CSA damping: 1 + 2 max(0, sqrt((μeff−1)/(N+1)) − 1) + cσ without mirrors; mirrors shorten the
        // damping towards 0.5 + ... as the mirrored fraction approaches the optimal 0.159 λ.
        double mirrorTerm = MirroredSamples / (0.159 * PopulationSize) - 1;
        DSigma = 0.5 + 0.5 * Math.Min(1, mirrorTerm * mirrorTerm)
                 + 2 * Math.Max(0, Math.Sqrt((muEff - 1) / (n + 1)) - 1) + CSigma;

        ExpectedNormLength = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        // pycma's lazy_update_gap: decomposing C costs O(N³), so it is renewed only after enough updates have
        // accumulated for C to change noticeably.
        EigenUpdateGap = 1 / (C1 + CMu) / n / 10;
        RepairThreshold = Math.Sqrt(n) + 2.0 * n / (n + 2);
    }

    public static CmaEsParameters For(CmaEsOptions options) => new(options);

    /// <summary>pycma's default popsize, 4 + ⌊3 ln N⌋.</summary>
    public static int DefaultPopulationSize(int dimension) => 4 + (int)Math.Floor(3 * Math.Log(dimension));

    public int Dimension { get; }
    public int PopulationSize { get; }

    /// <summary>Finalised weights in rank order; ranks beyond <see cref="RecombinationWeights.Count"/> get weight 0.</summary>
    public RecombinationWeights Weights { get; }

    public int Mu => Weights.Mu;
    public double MuEff => Weights.MuEff;

    /// <summary>Rank-one learning rate c1.</summary>
    public double C1 { get; }

    /// <summary>Rank-μ learning rate cμ.</summary>
    public double CMu { get; }

    /// <summary>Cumulation rate of the covariance path p_c.</summary>
    public double Cc { get; }

    /// <summary>Cumulation rate of the step-size path p_σ.</summary>
    public double CSigma { get; }

    /// <summary>Step-size damping d_σ.</summary>
    public double DSigma { get; }

    /// <summary>Selective mirrors per iteration.</summary>
    public int MirroredSamples { get; }

    /// <summary>E‖N(0, I)‖ ≈ √N (1 − 1/(4N) + 1/(21N²)).</summary>
    public double ExpectedNormLength { get; }

    /// <summary>Iterations between eigendecompositions; fractional values behave like their ceiling (at least 1).</summary>
    public double EigenUpdateGap { get; }

    /// <summary>Largest Mahalanobis step length ‖C^−1/2 (x − m)‖/σ kept for injected solutions: √N + 2N/(N+2).</summary>
    public double RepairThreshold { get; }

    private static int DefaultMirrors(int lambda, int n) =>
        lambda < 6 ? (int)(0.5 + 0.16 * Math.Min(lambda, 2 * n + 2) + 0.29) : 0;
}
