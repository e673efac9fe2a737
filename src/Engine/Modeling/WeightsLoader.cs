using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

/// <summary>
/// Strict loading of Hugging Face checkpoints (<c>model.safetensors</c> in F32/F16/BF16, or
/// <c>pytorch_model.bin</c>) through TorchSharp.PyBridge's readers. Every model parameter must be
/// present with the right shape and every checkpoint tensor must be used, except the family's known extras
/// (<see cref="CheckpointLayout"/>: tied decoder, pooler, next-sentence head, position-id buffer).
/// </summary>
public static class WeightsLoader
{
    public static readonly string[] WeightFiles = ["model.safetensors", "pytorch_model.bin"];

    /// <summary>The weights file a model folder would be loaded from, or null.</summary>
    public static string? FindWeights(string directory) =>
        WeightFiles.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);

    public static void LoadInto(MaskedLanguageModel model, string directory)
    {
        string path = FindWeights(directory)
            ?? throw new ModelLoadException(
                $"No weights in {directory}: expected one of {string.Join(", ", WeightFiles)} (Hugging Face layout).");
        var tensors = Read(path);
        try
        {
            Apply(model, tensors, path);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    internal static Dictionary<string, Tensor> Read(string path)
    {
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.Ordinal)) return Safetensors.LoadStateDict(path);
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry e in table)
            {
                if (e.Value is Tensor t) result[(string)e.Key] = t;
            }
            return result;
        }
        catch (Exception e) when (e is not ModelLoadException)
        {
            throw new ModelLoadException($"Cannot read checkpoint {path}: {e.Message}", e);
        }
    }

    /// <summary>Copies <paramref name="tensors"/> into the model after checking names and shapes.</summary>
    internal static void Apply(MaskedLanguageModel model, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        var parameters = model.state_dict();
        var problems = new List<string>();

        // Older checkpoints store the decoder bias only under the decoder's name.
        var layout = model.Layout;
        var resolved = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in tensors)
        {
            if (layout.IsKnownExtra(key)) continue;
            if (!parameters.ContainsKey(key))
            {
                problems.Add($"unexpected tensor '{key}' {Shape(value)}");
                continue;
            }
            resolved[key] = value;
        }
        if (!resolved.ContainsKey(layout.Bias) && tensors.TryGetValue(layout.DecoderBias, out var decoderBias))
            resolved[layout.Bias] = decoderBias;
        if (tensors.TryGetValue(layout.DecoderWeight, out var decoder)
            && tensors.TryGetValue(layout.WordEmbeddings, out var words)
            && !decoder.shape.SequenceEqual(words.shape))
        {
            problems.Add($"'{layout.DecoderWeight}' {Shape(decoder)} cannot be tied to the word embeddings {Shape(words)}");
        }

        foreach (var (key, parameter) in parameters)
        {
            if (!resolved.TryGetValue(key, out var value))
            {
                problems.Add($"missing tensor '{key}' {Shape(parameter)}");
            }
            else if (!value.shape.SequenceEqual(parameter.shape))
            {
                problems.Add($"tensor '{key}' has shape {Shape(value)} but the config needs {Shape(parameter)}");
            }
            else if (!value.is_floating_point())
            {
                problems.Add($"tensor '{key}' has dtype {value.dtype}, expected a floating-point type");
            }
        }
        if (problems.Count > 0)
        {
            throw new ModelLoadException(
                $"Checkpoint {source} does not match the model built from config.json ({problems.Count} problem(s)):\n  "
                + string.Join("\n  ", problems.Take(20)) + (problems.Count > 20 ? $"\n  … and {problems.Count - 20} more" : ""));
        }

        using var _ = no_grad();
        foreach (var (key, parameter) in parameters)
        {
            parameter.copy_(resolved[key]); // converts F16/BF16 to the parameter's float32
        }
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
