using System.Diagnostics;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using static TorchSharp.torch;

namespace FedBpt.Engine.Diagnostics;

/// <summary>What <see cref="ThroughputBenchmark"/> measured.</summary>
public sealed record ThroughputReport(
    int Batch,
    int Length,
    double SequencesPerSecond,
    double FullVocabSequencesPerSecond,
    double ModelGflops,
    double MatmulGflops,
    double ForwardGflopPerBatch,
    string Device)
{
    /// <summary>Achieved model GFLOP/s as a share of the measured matmul GFLOP/s.</summary>
    public double Efficiency => ModelGflops / MatmulGflops;
}

/// <summary>
/// Measures scoring throughput on random token ids (verbalizer head and full-vocabulary head) and,
/// in the same run, libtorch's matmul GFLOP/s on this machine, so the model's efficiency is a ratio
/// of two numbers measured under the same conditions.
/// </summary>
public static class ThroughputBenchmark
{
    public static ThroughputReport Run(MaskedLanguageModel model, int batch, int length, TimeSpan duration, int verbalizerSize = 2)
    {
        var config = model.Config;
        if (length < 4 || length > config.MaxSequenceLength)
            throw new ArgumentOutOfRangeException(nameof(length), $"Length must be 4..{config.MaxSequenceLength} for this model.");
        var device = model.Device;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();

        var generator = new Generator(1234);
        // Random ordinary tokens (ids from 5 up miss RoBERTa's specials and BERT's pad); which ids a sequence
        // holds does not change the work, so no start or end token is written.
        var ids = randint(5, config.VocabSize - 1, [batch, length], generator: generator, dtype: ScalarType.Int64).to(device);
        var keep = ones(batch, length, dtype: ScalarType.Bool, device: device);
        var maskPos = full(batch, length / 2, dtype: ScalarType.Int64, device: device);
        var verbalizer = arange(verbalizerSize, dtype: ScalarType.Int64, device: device).add(100);

        double verbalizerSeconds = TimePerCall(() =>
        {
            using var s = NewDisposeScope();
            model.VerbalizerLogits(model.MaskFeatures(ids, keep, maskPos, null, PromptMode.Add), verbalizer).cpu();
        }, duration);
        double fullSeconds = TimePerCall(() =>
        {
            using var s = NewDisposeScope();
            model.VocabularyLogits(model.MaskFeatures(ids, keep, maskPos, null, PromptMode.Add)).cpu();
        }, duration);

        double flops = ForwardFlops(config, batch, length, verbalizerSize);
        return new ThroughputReport(
            batch, length,
            SequencesPerSecond: batch / verbalizerSeconds,
            FullVocabSequencesPerSecond: batch / fullSeconds,
            ModelGflops: flops / verbalizerSeconds / 1e9,
            MatmulGflops: MatmulGflops(device, duration, model.Dtype),
            ForwardGflopPerBatch: flops / 1e9,
            Device: device.ToString());
    }

    /// <summary>
    /// FLOPs (2 per multiply–add) the forward actually performs with the verbalizer head. Every layer but
    /// the last: per token the QKV, output and FFN projections, 2·(4H² + 2·H·I), plus attention scores and
    /// context, 4·T·H. The last layer: keys and values for every token (4H²), and for the mask row only
    /// the query, attention, output and FFN. The LM head runs at the mask row only.
    /// </summary>
    public static double ForwardFlops(MaskedLmConfig c, int batch, int length, int verbalizerSize)
    {
        double h = c.HiddenSize, i = c.IntermediateSize, t = length;
        double perTokenPerLayer = 2 * (4 * h * h + 2 * h * i) + 4 * t * h;
        double fullLayers = perTokenPerLayer * t * (c.NumHiddenLayers - 1);
        double lastLayer = 4 * h * h * t + (2 * (2 * h * h + 2 * h * i) + 4 * t * h);
        double head = 2 * h * h + 2 * h * verbalizerSize;
        return batch * (fullLayers + lastLayer + head);
    }

    /// <summary>GFLOP/s of a square matmul in <paramref name="dtype"/> (1024³ on CPU, 4096³ on GPU) measured now.</summary>
    public static double MatmulGflops(Device device, TimeSpan duration, ScalarType dtype = ScalarType.Float32)
    {
        int n = device.type == TorchSharp.DeviceType.CUDA ? 4096 : 1024;
        using var scope = NewDisposeScope();
        var a = randn(n, n, device: device).to_type(dtype);
        var b = randn(n, n, device: device).to_type(dtype);
        double seconds = TimePerCall(() =>
        {
            using var s = NewDisposeScope();
            var c = a.matmul(b);
            if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize();
        }, duration);
        return 2.0 * n * n * n / seconds / 1e9;
    }

    /// <summary>Median seconds per call after warm-up, over at least three calls or <paramref name="duration"/>.</summary>
    private static double TimePerCall(Action call, TimeSpan duration)
    {
        call();
        call();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < 3 || total.Elapsed < duration)
        {
            var sw = Stopwatch.StartNew();
            call();
            samples.Add(sw.Elapsed.TotalSeconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
