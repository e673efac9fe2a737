namespace FedBpt.Engine.Randomness;

/// <summary>
/// xoshiro256** pseudo-random generator with Gaussian sampling. Unlike <see cref="System.Random"/>
/// its whole state is four words plus a cached normal, so a run can be checkpointed and resumed
/// bit-for-bit (<see cref="GetState"/> / <see cref="FromState"/>).
/// </summary>
public sealed class Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public Xoshiro256(ulong seed)
    {
        // SplitMix64 expands the seed so that nearby seeds give unrelated streams.
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private Xoshiro256(RngState state)
    {
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _spareNormal = state.SpareNormal;
    }

    /// <summary>A generator for a named sub-stream (e.g. client 3, round 17) derived from a root seed.</summary>
    public static Xoshiro256 Derive(long seed, params long[] path)
    {
        ulong x = unchecked((ulong)seed);
        ulong h = SplitMix(ref x);
        foreach (long p in path)
        {
            ulong y = h ^ unchecked((ulong)p * 0x9E3779B97F4A7C15UL);
            h = SplitMix(ref y);
        }
        return new Xoshiro256(h);
    }

    public static Xoshiro256 FromState(RngState state) => new(state);

    public RngState GetState() => new(_s0, _s1, _s2, _s3, _spareNormal);

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), unbiased (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        ulong range = (ulong)maxExclusive;
        UInt128 m = (UInt128)NextUInt64() * range;
        ulong low = (ulong)m;
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                m = (UInt128)NextUInt64() * range;
                low = (ulong)m;
            }
        }
        return (int)(m >> 64);
    }

    /// <summary>Standard normal by the Marsaglia polar method (the spare value is part of the state).</summary>
    public double NextGaussian()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return u * f;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang; used for Dirichlet draws.</summary>
    public double NextGamma(double shape)
    {
        if (shape <= 0) throw new ArgumentOutOfRangeException(nameof(shape));
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
            return NextGamma(shape + 1) * Math.Pow(NextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>The serializable state of a <see cref="Xoshiro256"/>.</summary>
public sealed record RngState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareNormal);
