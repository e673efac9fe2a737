namespace FedBpt.Engine.Federation;

/// <summary>
/// Server → client each round: the global CMA-ES mean (with bounds, the point in the box: what the reference's
/// <c>_copy_light</c> starts the client from), step size and (for FedBPT) covariance and coordinate scaling, or,
/// for the centralized BBT baseline, the whole optimizer state to continue. Encoded to bytes by the simulator's
/// in-process transport so the bytes exchanged are measured, not estimated. A scaling of all ones is not sent.
/// </summary>
public sealed record GlobalModelMessage(int Round, double[] Mean, double Sigma, double[,]? Covariance, byte[]? ContinueState, double[]? Scaling = null)
{
    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(Round);
        WriteVector(w, Mean);
        w.Write(Sigma);
        int n = Covariance?.GetLength(0) ?? 0;
        w.Write(n);
        // C is symmetric: only its upper triangle travels.
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                w.Write(Covariance![i, j]);
        w.Write(ContinueState?.Length ?? -1);
        if (ContinueState is not null) w.Write(ContinueState);
        bool scaled = Scaling is not null && Scaling.Any(s => s != 1);
        w.Write(scaled);
        if (scaled) WriteVector(w, Scaling!);
        w.Flush();
        return stream.ToArray();
    }

    public static GlobalModelMessage Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        int round = r.ReadInt32();
        var mean = ReadVector(r);
        double sigma = r.ReadDouble();
        int n = r.ReadInt32();
        double[,]? c = null;
        if (n > 0)
        {
            c = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++)
                    c[i, j] = c[j, i] = r.ReadDouble();
        }
        int stateLength = r.ReadInt32();
        var state = stateLength >= 0 ? r.ReadBytes(stateLength) : null;
        var scaling = r.ReadBoolean() ? ReadVector(r) : null;
        return new GlobalModelMessage(round, mean, sigma, c, state, scaling);
    }

    internal static void WriteVector(BinaryWriter w, double[] v)
    {
        w.Write(v.Length);
        foreach (double x in v) w.Write(x);
    }

    internal static double[] ReadVector(BinaryReader r)
    {
        var v = new double[r.ReadInt32()];
        for (int i = 0; i < v.Length; i++) v[i] = r.ReadDouble();
        return v;
    }
}

/// <summary>
/// Client → server: the final local mean z (FedBPT's only model payload), its fitness, the local step sizes
/// σ_0..σ_{I−1} as the reference records them (each before its iteration, σ_0 being the one received), the step
/// size after the last iteration's update, μ_local and the shard size; plus the optimizer state for BBT.
/// </summary>
public sealed record ClientUpdateMessage(int Client, double[] Mean, double Fitness, double[] SigmasBeforeSteps, double SigmaAfterLastStep,
    int LocalMu, int Examples, byte[]? LocalState)
{
    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(Client);
        GlobalModelMessage.WriteVector(w, Mean);
        w.Write(Fitness);
        GlobalModelMessage.WriteVector(w, SigmasBeforeSteps);
        w.Write(SigmaAfterLastStep);
        w.Write(LocalMu);
        w.Write(Examples);
        w.Write(LocalState?.Length ?? -1);
        if (LocalState is not null) w.Write(LocalState);
        w.Flush();
        return stream.ToArray();
    }

    public static ClientUpdateMessage Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        int client = r.ReadInt32();
        var mean = GlobalModelMessage.ReadVector(r);
        double fitness = r.ReadDouble();
        var sigmas = GlobalModelMessage.ReadVector(r);
        double sigmaAfter = r.ReadDouble();
        int mu = r.ReadInt32();
        int examples = r.ReadInt32();
        int stateLength = r.ReadInt32();
        var state = stateLength >= 0 ? r.ReadBytes(stateLength) : null;
        return new ClientUpdateMessage(client, mean, fitness, sigmas, sigmaAfter, mu, examples, state);
    }
}
