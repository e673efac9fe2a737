using FedBpt.Engine.Modeling;
using FedBpt.Engine.Randomness;
using static TorchSharp.torch;

namespace FedBpt.Engine.Scoring;

/// <summary>
/// The fixed random map from the intrinsic vector z (d numbers) to the prompt P = A·z, reshaped to
/// [n_prompt_tokens, hidden]. A is normal with std = std(word embeddings)/sqrt(d) (reference §2.2:
/// alpha = sigma = 1) and is rebuilt by every client from the shared seed, never transmitted.
/// </summary>
public sealed class PromptProjection : IDisposable
{
    // Sub-stream tag so the projection never shares random numbers with data sampling or CMA-ES.
    private const long StreamTag = 0x50524F4A; // "PROJ"

    public int NPromptTokens { get; }
    public int IntrinsicDim { get; }
    public int Hidden { get; }

    /// <summary>A, shape [n_prompt_tokens·hidden, intrinsic_dim], on the model's device.</summary>
    public Tensor Matrix { get; }

    public PromptProjection(Tensor matrix, int nPromptTokens, int intrinsicDim, int hidden)
    {
        if (matrix.shape[0] != (long)nPromptTokens * hidden || matrix.shape[1] != intrinsicDim)
            throw new ArgumentException($"A must be [{nPromptTokens * hidden}, {intrinsicDim}], got [{string.Join(", ", matrix.shape)}].");
        Matrix = matrix;
        NPromptTokens = nPromptTokens;
        IntrinsicDim = intrinsicDim;
        Hidden = hidden;
    }

    /// <summary>Builds A from <paramref name="seed"/>; the same seed gives the same A on any device.</summary>
    public static PromptProjection Create(MaskedLanguageModel model, int nPromptTokens, int intrinsicDim, long seed)
    {
        if (nPromptTokens <= 0 || intrinsicDim <= 0) throw new ArgumentOutOfRangeException(nameof(nPromptTokens), "Prompt tokens and intrinsic dimension must be positive.");
        int hidden = model.Config.HiddenSize;
        double embeddingStd;
        using (no_grad())
        using (var words = model.WordEmbeddings.to_type(ScalarType.Float32))
        using (var s = words.std(unbiased: false))
        {
            embeddingStd = s.item<float>(); // in float32 whatever the model's precision
        }
        double std = embeddingStd / Math.Sqrt(intrinsicDim);

        // Drawn on the host with our own generator: libtorch's generators differ between CPU and CUDA.
        var rng = Xoshiro256.Derive(seed, StreamTag);
        long rows = (long)nPromptTokens * hidden;
        var values = new float[rows * intrinsicDim];
        for (long i = 0; i < values.LongLength; i++) values[i] = (float)(rng.NextGaussian() * std);
        using var host = tensor(values).reshape(rows, intrinsicDim);
        return new PromptProjection(host.to(model.Device), nPromptTokens, intrinsicDim, hidden);
    }

    /// <summary>The same A on <paramref name="device"/> (another lane of the run); on the same device it shares the storage.</summary>
    public PromptProjection To(Device device) => new(Matrix.to(device), NPromptTokens, IntrinsicDim, Hidden);

    /// <summary>Prompt rows for each z: [C, n_prompt_tokens, hidden] on the model's device.</summary>
    public Tensor Project(IReadOnlyList<double[]> zs)
    {
        if (zs.Count == 0) throw new ArgumentException("At least one z is needed.", nameof(zs));
        var flat = new float[zs.Count * IntrinsicDim];
        for (int c = 0; c < zs.Count; c++)
        {
            if (zs[c].Length != IntrinsicDim) throw new ArgumentException($"z has {zs[c].Length} numbers; the projection expects {IntrinsicDim}.");
            for (int j = 0; j < IntrinsicDim; j++) flat[c * IntrinsicDim + j] = (float)zs[c][j];
        }
        using var scope = NewDisposeScope();
        var z = tensor(flat, device: Matrix.device).reshape(zs.Count, IntrinsicDim);
        return z.matmul(Matrix.t()).reshape(zs.Count, NPromptTokens, Hidden).MoveToOuterDisposeScope();
    }

    public void Dispose() => Matrix.Dispose();
}
