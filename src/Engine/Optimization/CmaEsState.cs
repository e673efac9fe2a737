using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Optimization;

/// <summary>
/// Everything a <see cref="CmaEs"/> needs to continue bit-for-bit: <see cref="CmaEs.FromState"/> of
/// <see cref="CmaEs.GetState"/> asks and tells exactly as the original would. Matrices are row-major N×N.
/// The JSON form (camelCase) round-trips doubles exactly; <see cref="CmaEs.ToBytes"/> is the compact form.
/// </summary>
public sealed record CmaEsState
{
    /// <summary>Version 2 added <see cref="Scaling"/> and the <c>MaxStd</c> option; version 1 states read with s = 1.</summary>
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>A state with the given mean, σ and decomposed C, and fresh paths, counters and generator.</summary>
    internal static CmaEsState Fresh(CmaEsOptions options, double[] mean, double sigma, double[] covariance, double[] eigenvectors, double[] axisLengths)
    {
        int n = options.Dimension;
        return new CmaEsState
        {
            Options = options,
            Mean = mean,
            Sigma = sigma,
            Covariance = covariance,
            Eigenvectors = eigenvectors,
            AxisLengths = axisLengths,
            EigenIteration = 0,
            PathSigma = new double[n],
            PathC = new double[n],
            Iteration = 0,
            Evaluations = 0,
            Rng = new Xoshiro256(options.Seed).GetState(),
            PendingMirrors = [],
            AskedSamples = [],
            AskedMirrors = 0,
        };
    }
    public required CmaEsOptions Options { get; init; }
    public required double[] Mean { get; init; }
    public required double Sigma { get; init; }

    /// <summary>The covariance matrix C.</summary>
    public required double[] Covariance { get; init; }

    /// <summary>Eigenvectors of C as of <see cref="EigenIteration"/>, one per row, ascending eigenvalue order (Bᵀ).</summary>
    public required double[] Eigenvectors { get; init; }

    /// <summary>Square roots of the matching eigenvalues (D).</summary>
    public required double[] AxisLengths { get; init; }

    /// <summary>Iteration at which the eigendecomposition was last renewed (it is renewed lazily).</summary>
    public required int EigenIteration { get; init; }

    /// <summary>Step-size evolution path p_σ.</summary>
    public required double[] PathSigma { get; init; }

    /// <summary>Covariance evolution path p_c.</summary>
    public required double[] PathC { get; init; }

    /// <summary>Coordinate scaling s (pycma's <c>sigma_vec</c>); null: all ones.</summary>
    public double[]? Scaling { get; init; }

    public required int Iteration { get; init; }
    public required long Evaluations { get; init; }
    public required RngState Rng { get; init; }
    public BestSolution? Best { get; init; }

    /// <summary>Mirror directions (old mean − worst sample) to be injected by the next ask.</summary>
    public required double[][] PendingMirrors { get; init; }

    /// <summary>Search-space points of the last ask, awaiting their tell (empty after it).</summary>
    public required double[][] AskedSamples { get; init; }

    /// <summary>How many leading <see cref="AskedSamples"/> are mirrors (their negative weights are dropped).</summary>
    public required int AskedMirrors { get; init; }
}

/// <summary>The best solution told so far, its fitness and the evaluation count when it was told.</summary>
public sealed record BestSolution(double[] Solution, double Fitness, long Evaluation);
