using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Optimization;

/// <summary>
/// Ask/tell CMA-ES minimising a fitness, following Hansen's tutorial (arXiv:1604.00772) with the defaults of
/// pycma 3.4.0 that FedBPT relies on: weighted recombination, CSA step-size control, rank-one + rank-μ update
/// with active (negative) weights, lazy eigendecomposition, selective mirrors for small populations, and
/// Mahalanobis-length repair of injected solutions; with bounds, pycma's box transformation and its coordinate-wise
/// cap on the sampling standard deviation (<c>maxstd</c>, via a diagonal scaling). All sampling draws on one seeded
/// <see cref="Xoshiro256"/>, so the whole state serialises and a restored instance continues bit-for-bit.
/// Not thread-safe.
/// </summary>
public sealed class CmaEs
{
    private readonly int _n;
    private readonly double[] _mean;
    private readonly double[] _covariance;
    private readonly double[] _eigenvectors;
    private readonly double[] _axisLengths;
    private readonly double[] _pathSigma;
    private readonly double[] _pathC;
    private readonly double[] _scaling;
    private readonly Xoshiro256 _rng;
    private double _sigma;
    private int _eigenIteration;
    private double[][] _pendingMirrors;
    private double[][] _asked;
    private int _askedMirrors;
    private BestSolution? _best;

    /// <summary>Starts at <paramref name="mean"/> with step size <see cref="CmaEsOptions.InitialSigma"/> and C = I.</summary>
    public CmaEs(double[] mean, CmaEsOptions options) : this(mean, options?.InitialSigma ?? 0, options!) { }

    /// <summary>
    /// Starts at <paramref name="mean"/> with step size <paramref name="sigma"/> and C = I or the given symmetric positive
    /// definite matrix. As pycma's x0, the mean is a point of the problem: with bounds it is clipped into the box and
    /// mapped to the search space. <paramref name="scaling"/> is a coordinate scaling to start from (pycma's
    /// <c>sigma_vec</c>, as <c>_copy_light</c> hands it on); by default 1, reduced where σ exceeds <see cref="CmaEsOptions.MaxStd"/>.
    /// </summary>
    public CmaEs(double[] mean, double sigma, CmaEsOptions options, double[,]? covariance = null, double[]? scaling = null)
        : this(InitialState(mean, sigma, options, covariance, scaling)) { }

    private CmaEs(CmaEsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version is < 1 or > CmaEsState.CurrentVersion) throw new ArgumentException($"Unsupported CMA-ES state version {state.Version}.");
        if (state.Options is null || state.Rng is null || state.PendingMirrors is null || state.AskedSamples is null)
            throw new ArgumentException("Incomplete CMA-ES state.");
        Parameters = CmaEsParameters.For(state.Options);
        Options = state.Options;
        int n = _n = state.Options.Dimension;
        _mean = CopyOf(state.Mean, n, nameof(state.Mean));
        _covariance = CopyOf(state.Covariance, n * n, nameof(state.Covariance));
        _eigenvectors = CopyOf(state.Eigenvectors, n * n, nameof(state.Eigenvectors));
        _axisLengths = CopyOf(state.AxisLengths, n, nameof(state.AxisLengths));
        _pathSigma = CopyOf(state.PathSigma, n, nameof(state.PathSigma));
        _pathC = CopyOf(state.PathC, n, nameof(state.PathC));
        _scaling = state.Scaling is null ? Enumerable.Repeat(1.0, n).ToArray() : CopyOf(state.Scaling, n, nameof(state.Scaling));
        if (_scaling.Any(s => !(s > 0) || double.IsInfinity(s))) throw new ArgumentException("The coordinate scaling must be positive and finite.");
        _pendingMirrors = state.PendingMirrors.Select(d => CopyOf(d, n, nameof(state.PendingMirrors))).ToArray();
        _asked = state.AskedSamples.Select(x => CopyOf(x, n, nameof(state.AskedSamples))).ToArray();
        Sigma = state.Sigma;
        if (state.Iteration < 0 || state.EigenIteration < 0 || state.EigenIteration > state.Iteration || state.Evaluations < 0)
            throw new ArgumentException("Inconsistent iteration counters in the CMA-ES state.");
        if (state.AskedMirrors < 0 || state.AskedMirrors > _asked.Length)
            throw new ArgumentException("Inconsistent mirror count in the CMA-ES state.");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (_covariance[i * n + j] != _covariance[j * n + i]) throw new ArgumentException("The covariance matrix is not symmetric.");
        Iteration = state.Iteration;
        Evaluations = state.Evaluations;
        _eigenIteration = state.EigenIteration;
        _askedMirrors = state.AskedMirrors;
        _rng = Xoshiro256.FromState(state.Rng);
        _best = state.Best is { } b ? b with { Solution = CopyOf(b.Solution, n, nameof(state.Best)) } : null;
    }

    public CmaEsOptions Options { get; }
    public CmaEsParameters Parameters { get; }
    public int Dimension => _n;

    /// <summary>A copy of the distribution mean (with bounds: in the unbounded search space, as pycma's <c>es.mean</c>).</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>The mean mapped into <see cref="CmaEsOptions.Bounds"/> (pycma's <c>xfavorite</c>); equals <see cref="Mean"/> without bounds.</summary>
    public double[] MeanInBounds => ToBox(_mean);

    /// <summary>Step size σ; settable between iterations (FedBPT's server overwrites it every round).</summary>
    public double Sigma
    {
        get => _sigma;
        set
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "sigma must be positive and finite");
            _sigma = value;
        }
    }

    /// <summary>
    /// A copy of the coordinate scaling s (pycma's <c>sigma_vec</c>): samples are m + σ·s∘(B D z). All ones unless
    /// <see cref="CmaEsOptions.MaxStd"/> capped a coordinate.
    /// </summary>
    public double[] Scaling => (double[])_scaling.Clone();

    /// <summary>A copy of the covariance matrix C (the sampling covariance is σ² diag(s) C diag(s)).</summary>
    public double[,] Covariance
    {
        get
        {
            var c = new double[_n, _n];
            for (int i = 0; i < _n; i++)
                for (int j = 0; j < _n; j++) c[i, j] = _covariance[i * _n + j];
            return c;
        }
    }

    /// <summary>Completed tells.</summary>
    public int Iteration { get; private set; }

    /// <summary>Solutions told so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>True once <see cref="CmaEsOptions.MaxIterations"/> iterations are done.</summary>
    public bool Stop => Options.MaxIterations is int max && Iteration >= max;

    /// <summary>The best told solution (a copy), or null before the first tell.</summary>
    public BestSolution? Best => _best is { } b ? b with { Solution = (double[])b.Solution.Clone() } : null;

    /// <summary>
    /// λ new candidates: first the pending selective mirrors, then independent samples m + σ s∘(B D z) with
    /// z ~ N(0, I); each mapped into <see cref="CmaEsOptions.Bounds"/>.
    /// </summary>
    public double[][] Ask()
    {
        UpdateEigendecompositionIfDue();
        int lambda = Parameters.PopulationSize;
        var population = new double[lambda][];
        int mirrors = Math.Min(_pendingMirrors.Length, lambda);
        for (int k = 0; k < mirrors; k++) population[k] = Mirror(_pendingMirrors[k]);
        _pendingMirrors = [];

        var step = new double[_n];
        for (int k = mirrors; k < lambda; k++)
        {
            Array.Clear(step);
            for (int j = 0; j < _n; j++) DenseKernels.AddScaled(step, _axisLengths[j] * _rng.NextGaussian(), Eigenvector(j));
            for (int i = 0; i < _n; i++) step[i] *= _scaling[i];
            var x = (double[])_mean.Clone();
            DenseKernels.AddScaled(x, _sigma, step);
            population[k] = x;
        }
        _asked = population;
        _askedMirrors = mirrors;
        return population.Select(ToBox).ToArray();
    }

    /// <summary>
    /// Updates mean, paths, C and σ from evaluated solutions (lower fitness is better; NaN ranks last).
    /// As in pycma, a solution that the last <see cref="Ask"/> did not return (found by value, in any order),
    /// or every solution when <paramref name="injected"/> is true (FedBPT's server tells the clients' means),
    /// counts as injected: it is mapped back from the box and, if x − m is longer than
    /// <see cref="CmaEsParameters.RepairThreshold"/> in Mahalanobis units (‖C^−1/2(x − m)‖/σ), shortened to it.
    /// </summary>
    public void Tell(double[][] solutions, double[] fitnesses, bool injected = false)
    {
        ArgumentNullException.ThrowIfNull(solutions);
        ArgumentNullException.ThrowIfNull(fitnesses);
        if (solutions.Length != fitnesses.Length)
            throw new ArgumentException($"{solutions.Length} solutions but {fitnesses.Length} fitness values.");
        if (solutions.Length < Parameters.Mu)
            throw new ArgumentException($"At least μ = {Parameters.Mu} solutions are needed (got {solutions.Length}).");
        var (xs, isMirror) = TakeGenotypes(solutions, injected);

        Iteration++;
        Evaluations += xs.Length;
        RecordBest(solutions, fitnesses);

        int[] order = RankOrder(fitnesses);
        var oldMean = (double[])_mean.Clone();
        Array.Clear(_mean);
        for (int r = 0; r < Parameters.Mu; r++) DenseKernels.AddScaled(_mean, Parameters.Weights[r], xs[order[r]]);

        bool hsig = UpdatePaths(oldMean);
        UpdateCovariance(xs, order, oldMean, hsig, isMirror);
        UpdateSigma();
        LimitStandardDeviations(_sigma, _scaling, _covariance, Options, Iteration);
        _pendingMirrors = SelectMirrors(xs, order, oldMean, isMirror);
    }

    public CmaEsState GetState() => new()
    {
        Options = Options,
        Mean = (double[])_mean.Clone(),
        Sigma = _sigma,
        Covariance = (double[])_covariance.Clone(),
        Eigenvectors = (double[])_eigenvectors.Clone(),
        AxisLengths = (double[])_axisLengths.Clone(),
        EigenIteration = _eigenIteration,
        PathSigma = (double[])_pathSigma.Clone(),
        PathC = (double[])_pathC.Clone(),
        Scaling = (double[])_scaling.Clone(),
        Iteration = Iteration,
        Evaluations = Evaluations,
        Rng = _rng.GetState(),
        Best = Best,
        PendingMirrors = _pendingMirrors.Select(d => (double[])d.Clone()).ToArray(),
        AskedSamples = _asked.Select(x => (double[])x.Clone()).ToArray(),
        AskedMirrors = _askedMirrors,
    };

    public static CmaEs FromState(CmaEsState state) => new(state);

    public byte[] ToBytes() => CmaEsBinary.Write(GetState());

    public static CmaEs FromBytes(byte[] bytes) => new(CmaEsBinary.Read(bytes));

    private static CmaEsState InitialState(double[] mean, double sigma, CmaEsOptions options, double[,]? covariance, double[]? scaling)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = options.Dimension;
        if (mean.Length != n) throw new ArgumentException($"The mean has {mean.Length} entries, the options say {n}.");
        if (scaling is not null && scaling.Length != n) throw new ArgumentException($"The scaling has {scaling.Length} entries, the options say {n}.");
        var start = (double[])mean.Clone();
        options.Bounds?.FromBox(start); // pycma: mean = geno(x0), through the bounds' inverse

        var c = new double[n * n];
        var eigenvectors = new double[n * n];
        var axisLengths = new double[n];
        if (covariance is null)
        {
            for (int i = 0; i < n; i++) c[i * n + i] = eigenvectors[i * n + i] = axisLengths[i] = 1;
        }
        else
        {
            if (covariance.GetLength(0) != n || covariance.GetLength(1) != n)
                throw new ArgumentException($"The covariance matrix must be {n}×{n}.");
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) c[i * n + j] = (covariance[i, j] + covariance[j, i]) / 2;
            if (!SymmetricEigen.TryDecompose(c, n, eigenvectors, axisLengths))
                throw new ArgumentException("The covariance matrix is not positive definite.");
        }
        // pycma limits the stds when it is built; _copy_light then replaces the scaling by the one it copies.
        var s = Enumerable.Repeat(1.0, n).ToArray();
        LimitStandardDeviations(sigma, s, c, options, iteration: 0);
        return CmaEsState.Fresh(options, start, sigma, c, eigenvectors, axisLengths) with { Scaling = scaling is null ? s : (double[])scaling.Clone() };
    }

    /// <summary>
    /// pycma's <c>_stds_into_limits</c>: where a coordinate's standard deviation σ·s_i·√C_ii exceeds maxstd (by more than
    /// the factor e^0.0001 it tolerates in the first two iterations), its scaling s_i shrinks so that it equals maxstd.
    /// </summary>
    private static void LimitStandardDeviations(double sigma, double[] scaling, double[] covariance, CmaEsOptions options, int iteration)
    {
        double maxStd = options.EffectiveMaxStd;
        if (double.IsPositiveInfinity(maxStd)) return;
        double tolerance = iteration <= 2 ? Math.Exp(1e-4) : 1;
        int n = scaling.Length;
        for (int i = 0; i < n; i++)
        {
            double std = sigma * scaling[i] * Math.Sqrt(covariance[i * n + i]);
            if (std > maxStd * tolerance) scaling[i] *= maxStd / std;
        }
    }

    private ReadOnlySpan<double> Eigenvector(int k) => _eigenvectors.AsSpan(k * _n, _n);

    private double[] ToBox(double[] genotype)
    {
        var x = (double[])genotype.Clone();
        Options.Bounds?.ToBox(x);
        return x;
    }

    /// <summary>
    /// The search-space points behind told solutions: the asked genotype where a solution is one of the last
    /// asked (flagging mirrors), else the repaired preimage of an injected solution. Consumes the asked samples.
    /// </summary>
    private (double[][] Genotypes, bool[] IsMirror) TakeGenotypes(double[][] solutions, bool injected)
    {
        double[][] asked = injected ? [] : _asked.Select(ToBox).ToArray();
        var matched = new bool[asked.Length];
        var genotypes = new double[solutions.Length][];
        var isMirror = new bool[solutions.Length];
        for (int i = 0; i < solutions.Length; i++)
        {
            var x = CopyOf(solutions[i], _n, nameof(solutions));
            int j = 0;
            while (j < asked.Length && (matched[j] || !asked[j].AsSpan().SequenceEqual(x))) j++;
            if (j < asked.Length)
            {
                matched[j] = true;
                genotypes[i] = _asked[j];
                isMirror[i] = j < _askedMirrors;
                continue;
            }
            Options.Bounds?.FromBox(x);
            RepairLength(x);
            genotypes[i] = x;
        }
        _asked = [];
        _askedMirrors = 0;
        return (genotypes, isMirror);
    }

    /// <summary>pycma's lazy update: renew B and D only once the accumulated C updates are worth O(N³).</summary>
    private void UpdateEigendecompositionIfDue()
    {
        int pending = Iteration - _eigenIteration;
        if (pending == 0 || pending < Parameters.EigenUpdateGap) return;
        SymmetricEigen.DecomposeWithDiagonalLoading(_covariance, _n, _eigenvectors, _axisLengths);
        _eigenIteration = Iteration;
    }

    /// <summary>D⁻¹ Bᵀ v, the coordinates of C^−1/2 v in the eigenbasis (their norm is the Mahalanobis length).</summary>
    private double[] Whiten(ReadOnlySpan<double> v)
    {
        var t = new double[_n];
        for (int k = 0; k < _n; k++) t[k] = DenseKernels.Dot(Eigenvector(k), v) / _axisLengths[k];
        return t;
    }

    private static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(DenseKernels.Dot(v, v));

    /// <summary>pycma's <c>repair_genotype</c>: shorten x − m to the repair threshold in Mahalanobis units.</summary>
    private void RepairLength(double[] x)
    {
        var step = Difference(x, _mean);
        double length = Norm(Whiten(Unscaled(step))) / _sigma;
        if (length <= Parameters.RepairThreshold) return;
        double factor = Parameters.RepairThreshold / length;
        for (int i = 0; i < _n; i++) x[i] = _mean[i] + step[i] * factor;
    }

    /// <summary>
    /// A selective mirror m + f·(m_old − x_worst). As in pycma, a direction longer than √N in Mahalanobis units
    /// is rescaled to the length of a fresh N(0, I) draw, so the mirror looks like an ordinary sample.
    /// </summary>
    private double[] Mirror(double[] direction)
    {
        double length = Norm(Whiten(Unscaled(direction))) / _sigma;
        double factor = 1;
        if (length > Math.Sqrt(_n))
        {
            double squared = 0;
            for (int i = 0; i < _n; i++)
            {
                double g = _rng.NextGaussian();
                squared += g * g;
            }
            factor = Math.Sqrt(squared) / length;
        }
        var x = (double[])_mean.Clone();
        DenseKernels.AddScaled(x, factor, direction);
        return x;
    }

    /// <summary>Updates p_σ (CSA) and p_c from the mean shift; returns h_σ, which stalls p_c after a jump in p_σ.</summary>
    private bool UpdatePaths(double[] oldMean)
    {
        var p = Parameters;
        var shift = Unscaled(Difference(_mean, oldMean));

        // p_σ ← (1 − cσ) p_σ + √(cσ(2 − cσ) μeff) C^−1/2 ((m − m_old)/s)/σ
        var whitened = Whiten(shift);
        var isotropic = new double[_n];
        for (int k = 0; k < _n; k++) DenseKernels.AddScaled(isotropic, whitened[k], Eigenvector(k));
        double a = Math.Sqrt(p.CSigma * (2 - p.CSigma) * p.MuEff) / _sigma;
        for (int i = 0; i < _n; i++) _pathSigma[i] = (1 - p.CSigma) * _pathSigma[i] + a * isotropic[i];

        // pycma's h_σ: ‖p_σ‖² corrected for the path's start from zero, against N (2 + 4/(N+1)).
        double squared = DenseKernels.Dot(_pathSigma, _pathSigma) / (1 - Math.Pow(1 - p.CSigma, 2.0 * Iteration));
        bool hsig = squared / _n - 1 < 1 + 4.0 / (_n + 1);

        double b = hsig ? Math.Sqrt(p.Cc * (2 - p.Cc) * p.MuEff) / _sigma : 0;
        for (int i = 0; i < _n; i++) _pathC[i] = (1 - p.Cc) * _pathC[i] + b * shift[i];
        return hsig;
    }

    /// <summary>
    /// C ← (1 − c1a − cμ Σw) C + c1 p_c p_cᵀ + cμ Σ w°_r y_r y_rᵀ with y_r = ((x_r − m_old)/s)/σ (tutorial, App. A).
    /// c1a = c1 (1 − (1 − h_σ) cc (2 − cc)) restores the variance lost when h_σ stalls p_c; negative weights are
    /// scaled by N / ‖C^−1/2 y_r‖² so a long bad step cannot break positive definiteness; mirrors get no
    /// negative weight (pycma's <c>CMA_active_injected = 0</c>).
    /// </summary>
    private void UpdateCovariance(double[][] xs, int[] order, double[] oldMean, bool hsig, bool[] isMirror)
    {
        var p = Parameters;
        double c1a = p.C1 * (1 - (hsig ? 0 : 1) * p.Cc * (2 - p.Cc));
        var vectors = new List<double[]> { _pathC };
        var coefs = new List<double> { p.C1 };
        double weightSum = 0;
        for (int r = 0; r < order.Length && r < p.Weights.Count; r++)
        {
            double w = p.Weights[r];
            if (w < 0 && isMirror[order[r]]) w = 0;
            if (w == 0) continue;
            weightSum += w;
            var y = Unscaled(Difference(xs[order[r]], oldMean));
            for (int i = 0; i < _n; i++) y[i] /= _sigma;
            double coef = p.CMu * w;
            if (w < 0)
            {
                double length = Norm(Whiten(y)) + 1e-9;
                coef *= _n / (length * length);
            }
            vectors.Add(y);
            coefs.Add(coef);
        }
        DenseKernels.SymmetricRankUpdate(_covariance, _n, 1 - c1a - p.CMu * weightSum, coefs.ToArray(), vectors.ToArray());
    }

    /// <summary>CSA: σ ← σ exp((cσ/dσ)(‖p_σ‖/E‖N(0, I)‖ − 1)), the exponent clipped to ±1 as in pycma.</summary>
    private void UpdateSigma()
    {
        var p = Parameters;
        double exponent = p.CSigma / p.DSigma * (Norm(_pathSigma) / p.ExpectedNormLength - 1);
        _sigma *= Math.Exp(Math.Clamp(exponent, -1, 1));
    }

    /// <summary>pycma's delayed selective mirroring: mirror the worst samples, unless a worst one was itself a mirror.</summary>
    private double[][] SelectMirrors(double[][] xs, int[] order, double[] oldMean, bool[] isMirror)
    {
        var directions = new List<double[]>();
        for (int i = 1; i <= Parameters.MirroredSamples && i <= order.Length; i++)
        {
            int worst = order[^i];
            if (!isMirror[worst]) directions.Add(Difference(oldMean, xs[worst]));
        }
        return directions.ToArray();
    }

    private void RecordBest(double[][] solutions, double[] fitnesses)
    {
        for (int i = 0; i < solutions.Length; i++)
        {
            if (double.IsNaN(fitnesses[i]) || (_best is { } b && !(fitnesses[i] < b.Fitness))) continue;
            _best = new BestSolution((double[])solutions[i].Clone(), fitnesses[i], Evaluations);
        }
    }

    /// <summary>Indices by ascending fitness, NaN last, ties by index (a deterministic, stable ranking).</summary>
    private static int[] RankOrder(double[] fitnesses)
    {
        static double Key(double f) => double.IsNaN(f) ? double.PositiveInfinity : f;
        var order = Enumerable.Range(0, fitnesses.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byFitness = Key(fitnesses[a]).CompareTo(Key(fitnesses[b]));
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>A copy of v ⊘ s: a search-space difference in the coordinates C describes.</summary>
    private double[] Unscaled(double[] v)
    {
        var u = new double[_n];
        for (int i = 0; i < _n; i++) u[i] = v[i] / _scaling[i];
        return u;
    }

    private static double[] Difference(double[] a, double[] b)
    {
        var d = new double[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static double[] CopyOf(double[]? values, int length, string name)
    {
        if (values is null || values.Length != length)
            throw new ArgumentException($"{name} must hold {length} values (had {values?.Length.ToString() ?? "none"}).");
        return (double[])values.Clone();
    }

}
