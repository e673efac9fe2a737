using System.Globalization;
using FedBpt.Engine.Modeling;
using static TorchSharp.torch;

namespace FedBpt.Engine.Experiments;

/// <summary>The sizes of a model that set a run's memory, as its config.json and the configured precision give them.</summary>
public sealed record ModelShape(int HiddenSize, int IntermediateSize, int AttentionHeads, int MaxSequenceLength, long Parameters, int BytesPerValue)
{
    public static ModelShape Of(MaskedLmConfig config, ScalarType dtype) => new(config.HiddenSize, config.IntermediateSize,
        config.NumAttentionHeads, config.MaxSequenceLength, config.ParameterCount, dtype == ScalarType.Float32 ? 4 : 2);
}

/// <summary>What a run holds at its peak, in bytes, by part.</summary>
public sealed record RunMemoryEstimate(long Weights, long Projection, long Optimizers, long Activations)
{
    public long Total => Weights + Projection + Optimizers + Activations;

    public override string ToString() =>
        $"{GiB(Total)} (projection A {GiB(Projection)}, CMA-ES covariances {GiB(Optimizers)}, activations {GiB(Activations)}, model weights {GiB(Weights)})";

    public static string GiB(long bytes) => (bytes / (double)(1L << 30)).ToString(bytes < 1L << 30 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " GiB";
}

/// <summary>
/// The memory rule for runs, the one place the API, the dashboard's form, the job and the CLI take it from: a spec
/// whose run would need more than the budget (<c>FedBpt:MaxRunMemoryBytes</c>) is refused before anything is
/// allocated, with the estimate in the message. The spec validator cannot do this: it knows no model.
/// </summary>
public static class RunMemory
{
    /// <summary>
    /// The peak of one run. Projection A: nPromptTokens·hidden × intrinsicDim float32 values, twice while it is built
    /// (the host array and the tensor). CMA-ES: the server's optimizer and one per client trained at once each hold C
    /// and its eigenvectors (d² doubles apiece) and as much again while decomposing C; the round's covariance copy,
    /// its encoded message and the checkpoint add about 5·d² more. Activations: a forward of MaxTokensPerForward
    /// tokens holds, in the layer it computes (the previous layer's are freed), the hidden state, Q, K, V, context
    /// and output (6·hidden), the feed-forward's two intermediate tensors (2·intermediate) and attention scores
    /// before and after softmax (2·heads·length, at the model's longest length).
    /// With several <paramref name="devices"/> (<c>FedBpt:Devices</c>) each holds its model copy, its copy of A and a
    /// forward at once, and clientThreads clients train on each: weights, activations and A count once per device (A
    /// once more for the host array), the clients' optimizers once per device.
    /// </summary>
    public static RunMemoryEstimate Estimate(ExperimentSpec spec, ModelShape model, int maxTokensPerForward, int clientThreads = 1, int devices = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        long weights = devices * model.Parameters * model.BytesPerValue;
        long perToken = 6L * model.HiddenSize + 2L * model.IntermediateSize + 2L * model.AttentionHeads * model.MaxSequenceLength;
        long activations = devices * (long)maxTokensPerForward * perToken * model.BytesPerValue;
        var algorithm = spec.Algorithm;
        if (!algorithm.Trains) return new RunMemoryEstimate(weights, 0, 0, activations);

        long d = spec.IntrinsicDim;
        long projection = (1L + devices) * spec.NPromptTokens * model.HiddenSize * d * sizeof(float);
        long optimizers = algorithm.OptimizersHeld(spec, Math.Max(1, clientThreads) * devices);
        long covariances = (4 * optimizers + 5) * d * d * sizeof(double);
        return new RunMemoryEstimate(weights, projection, covariances, activations);
    }

    /// <summary>
    /// Null when the run fits in <paramref name="budgetBytes"/>; otherwise the error, on the spec key that would
    /// shrink it most (intrinsicDim for the projection and the covariances, the model for the rest).
    /// </summary>
    public static SpecError? Check(ExperimentSpec spec, ModelShape model, int maxTokensPerForward, long budgetBytes, int clientThreads = 1, int devices = 1)
    {
        var estimate = Estimate(spec, model, maxTokensPerForward, clientThreads, devices);
        if (estimate.Total <= budgetBytes) return null;
        bool specDriven = estimate.Projection + estimate.Optimizers >= estimate.Weights + estimate.Activations;
        var advice = specDriven
            ? "Lower intrinsicDim (the covariances grow with its square) or nPromptTokens"
            : devices > 1
                ? "Use a smaller model, fewer FedBpt:Devices or a lower FedBpt:MaxTokensPerForward"
                : "Use a smaller model or a lower FedBpt:MaxTokensPerForward";
        return new SpecError(specDriven ? "intrinsicDim" : "model",
            $"the run would need about {estimate}, more than the {RunMemoryEstimate.GiB(budgetBytes)} allowed per run " +
            $"(FedBpt:MaxRunMemoryBytes). {advice}, or raise the limit.");
    }
}
