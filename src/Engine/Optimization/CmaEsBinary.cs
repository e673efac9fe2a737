using System.Text;
using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Optimization;

/// <summary>
/// Compact little-endian binary form of a <see cref="CmaEsState"/>: a "FBCMAES" tag and version, the options,
/// then raw IEEE doubles. C is symmetric, so only its upper triangle is stored; at N = 500 the file is about
/// 3 MB, dominated by C and the eigenvectors.
/// </summary>
internal static class CmaEsBinary
{
    private static readonly byte[] Magic = "FBCMAES"u8.ToArray();

    public static byte[] Write(CmaEsState state)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var o = state.Options;
            int n = o.Dimension;
            w.Write(Magic);
            w.Write(CmaEsState.CurrentVersion); // written in the current layout whatever version it was read from

            w.Write(n);
            WriteOptional(w, o.PopulationSize);
            WriteOptional(w, o.Mu);
            w.Write(o.InitialSigma);
            w.Write(o.Bounds is not null);
            if (o.Bounds is { } b) { w.Write(b.Lower); w.Write(b.Upper); }
            w.Write(o.ActiveCovariance);
            WriteOptional(w, o.MirroredSamples);
            WriteOptional(w, o.MaxIterations);
            w.Write(o.Seed);
            w.Write(o.MaxStd.HasValue);
            if (o.MaxStd is double maxStd) w.Write(maxStd);

            WriteDoubles(w, state.Mean);
            w.Write(state.Sigma);
            for (int i = 0; i < n; i++) WriteDoubles(w, state.Covariance.AsSpan(i * n + i, n - i));
            WriteDoubles(w, state.Eigenvectors);
            WriteDoubles(w, state.AxisLengths);
            w.Write(state.EigenIteration);
            WriteDoubles(w, state.PathSigma);
            WriteDoubles(w, state.PathC);
            w.Write(state.Iteration);
            w.Write(state.Evaluations);

            var rng = state.Rng;
            w.Write(rng.S0); w.Write(rng.S1); w.Write(rng.S2); w.Write(rng.S3);
            w.Write(rng.SpareNormal.HasValue);
            if (rng.SpareNormal is double spare) w.Write(spare);

            w.Write(state.Best is not null);
            if (state.Best is { } best)
            {
                WriteDoubles(w, best.Solution);
                w.Write(best.Fitness);
                w.Write(best.Evaluation);
            }
            w.Write(state.PendingMirrors.Length);
            foreach (var d in state.PendingMirrors) WriteDoubles(w, d);
            w.Write(state.AskedSamples.Length);
            foreach (var x in state.AskedSamples) WriteDoubles(w, x);
            w.Write(state.AskedMirrors);
            WriteDoubles(w, state.Scaling ?? Enumerable.Repeat(1.0, n).ToArray());
        }
        return stream.ToArray();
    }

    public static CmaEsState Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new FormatException("Not a CMA-ES state.");
            int version = r.ReadInt32();
            if (version is < 1 or > CmaEsState.CurrentVersion) throw new FormatException($"Unsupported CMA-ES state version {version}.");

            int n = r.ReadInt32();
            if (n < 1 || n > 46_340) throw new FormatException($"Invalid dimension {n}.");
            var options = new CmaEsOptions
            {
                Dimension = n,
                PopulationSize = ReadOptional(r),
                Mu = ReadOptional(r),
                InitialSigma = r.ReadDouble(),
                Bounds = r.ReadBoolean() ? new BoxBounds(r.ReadDouble(), r.ReadDouble()) : null,
                ActiveCovariance = r.ReadBoolean(),
                MirroredSamples = ReadOptional(r),
                MaxIterations = ReadOptional(r),
                Seed = r.ReadUInt64(),
            };
            if (version >= 2 && r.ReadBoolean()) options = options with { MaxStd = r.ReadDouble() };

            int lambda = options.PopulationSize ?? CmaEsParameters.DefaultPopulationSize(n);
            var mean = ReadDoubles(r, n);
            double sigma = r.ReadDouble();
            var covariance = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) covariance[i * n + j] = covariance[j * n + i] = r.ReadDouble();
            var state = new CmaEsState
            {
                Version = version,
                Options = options,
                Mean = mean,
                Sigma = sigma,
                Covariance = covariance,
                Eigenvectors = ReadDoubles(r, n * n),
                AxisLengths = ReadDoubles(r, n),
                EigenIteration = r.ReadInt32(),
                PathSigma = ReadDoubles(r, n),
                PathC = ReadDoubles(r, n),
                Iteration = r.ReadInt32(),
                Evaluations = r.ReadInt64(),
                Rng = new RngState(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(),
                                   r.ReadBoolean() ? r.ReadDouble() : null),
                Best = r.ReadBoolean() ? new BestSolution(ReadDoubles(r, n), r.ReadDouble(), r.ReadInt64()) : null,
                PendingMirrors = Enumerable.Range(0, ReadCount(r, lambda)).Select(_ => ReadDoubles(r, n)).ToArray(),
                AskedSamples = Enumerable.Range(0, ReadCount(r, lambda)).Select(_ => ReadDoubles(r, n)).ToArray(),
                AskedMirrors = r.ReadInt32(),
            };
            if (version >= 2) state = state with { Scaling = ReadDoubles(r, n) };
            if (r.BaseStream.Position != bytes.Length) throw new FormatException("Trailing bytes after the CMA-ES state.");
            return state;
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("The CMA-ES state is truncated.", e);
        }
    }

    private static void WriteOptional(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is int v) w.Write(v);
    }

    private static int? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadInt32() : null;

    private static void WriteDoubles(BinaryWriter w, ReadOnlySpan<double> values)
    {
        foreach (double v in values) w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = r.ReadDouble();
        return values;
    }

    private static int ReadCount(BinaryReader r, int max)
    {
        int count = r.ReadInt32();
        if (count < 0 || count > max) throw new FormatException($"Invalid sample count {count}.");
        return count;
    }
}
