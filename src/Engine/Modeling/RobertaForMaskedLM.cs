using FedBpt.Engine.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// A frozen RoBERTa masked LM used as a black box: token ids (plus an optional continuous prompt) in,
/// logits at the <c>&lt;mask&gt;</c> position out. Parameter names are exactly the Hugging Face keys
/// (<c>roberta.embeddings.*</c>, <c>roberta.encoder.layer.N.*</c>, <c>lm_head.*</c>). Inference only.
/// </summary>
public sealed class RobertaForMaskedLM : nn.Module
{
    public readonly RobertaModel roberta;
    public readonly RobertaLMHead lm_head;

    public RobertaConfig Config { get; }

    public RobertaForMaskedLM(RobertaConfig config, Device? device = null) : base(nameof(RobertaForMaskedLM))
    {
        config.Validate();
        Config = config;
        roberta = new RobertaModel(config, device);
        lm_head = new RobertaLMHead(config, device);
        RegisterComponents();
    }

    public Device Device => lm_head.bias.device;

    /// <summary>The tied input/output embedding matrix [V, H].</summary>
    public Tensor WordEmbeddings => roberta.embeddings.word_embeddings.weight!;

    /// <summary>The dtype the model computes in (float32 unless frozen to another).</summary>
    public ScalarType Dtype => lm_head.bias.dtype;

    /// <summary>Loads a Hugging Face model folder (config.json + model.safetensors or pytorch_model.bin).</summary>
    public static RobertaForMaskedLM FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        if (!Directory.Exists(directory)) throw new ModelLoadException($"Model folder not found: {directory}");
        var config = RobertaConfig.Load(Path.Combine(directory, "config.json"));
        var model = new RobertaForMaskedLM(config);
        try
        {
            CheckpointLoader.LoadInto(model, directory);
            return model.Freeze(device ?? CPU, dtype);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Moves to <paramref name="device"/> and <paramref name="dtype"/>, switches to eval mode, turns gradients off and fuses QKV.</summary>
    public RobertaForMaskedLM Freeze(Device device, ScalarType dtype = ScalarType.Float32)
    {
        this.to(device);
        if (dtype != ScalarType.Float32) this.to(dtype);
        eval();
        foreach (var p in parameters()) p.requires_grad = false;
        using (no_grad())
        {
            foreach (var layer in roberta.encoder.layer) layer.FuseProjections();
        }
        return this;
    }

    /// <summary>
    /// The LM-head features (dense → GELU → LayerNorm) at each sequence's mask position: [B, H].
    /// </summary>
    /// <param name="inputIds">[B, T] int64, right-padded with the pad id.</param>
    /// <param name="attentionMask">[B, T] bool, true for real tokens.</param>
    /// <param name="maskPositions">[B] int64, index of <c>&lt;mask&gt;</c> in <paramref name="inputIds"/>.</param>
    /// <param name="prompt">[B, n, H] prompt rows, or null for the plain template.</param>
    /// <param name="mode">Add: rows added at positions 1..n. Cat: rows prepended before <c>&lt;s&gt;</c>.</param>
    public Tensor MaskFeatures(Tensor inputIds, Tensor attentionMask, Tensor maskPositions, Tensor? prompt, PromptMode mode)
    {
        using var scope = NewDisposeScope();
        long b = inputIds.shape[0];
        long n = prompt?.shape[1] ?? 0;
        if (prompt is not null && prompt.dtype != Dtype) prompt = prompt.to_type(Dtype);
        bool cat = prompt is not null && mode == PromptMode.Cat;

        // Cat mode: token positions come from the ids alone; the prepended rows get no position
        // embedding (as the reference and the PyTorch parity fixture).
        var hidden = roberta.embeddings.forward(inputIds);
        var keep = attentionMask;
        var positions = maskPositions;
        if (prompt is not null)
        {
            if (cat)
            {
                hidden = torch.cat([prompt, hidden], 1);
                keep = torch.cat([ones(b, n, dtype: ScalarType.Bool, device: keep.device), keep], 1);
                positions = maskPositions.add(n);
            }
            else
            {
                if (inputIds.shape[1] < n + 1)
                    throw new ArgumentException($"Add mode needs at least {n + 1} tokens (<s> and {n} placeholders).");
                hidden.narrow(1, 1, n).add_(prompt);
            }
        }

        long t = hidden.shape[1];
        var keys = keep.view(b, 1, 1, t);
        var rows = arange(b, dtype: ScalarType.Int64, device: hidden.device).mul_(t).add_(positions);
        var layers = roberta.encoder.layer;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            // Free each layer's input as soon as the next exists: peak memory stays at ~2 activations.
            var next = layers[i].forward(hidden, keys);
            hidden.Dispose();
            hidden = next;
        }
        // Only the mask position is read, so the last layer computes that row alone.
        var atMask = layers[layers.Count - 1].ForwardAt(hidden, keys, rows);
        return lm_head.Transform(atMask).MoveToOuterDisposeScope();
    }

    /// <summary>Full-vocabulary logits from <see cref="MaskFeatures"/>: [B, V].</summary>
    public Tensor VocabularyLogits(Tensor features) => lm_head.VocabularyLogits(features, WordEmbeddings);

    /// <summary>Only the verbalizer logits ([K] token ids) from <see cref="MaskFeatures"/>: [B, K].</summary>
    public Tensor VerbalizerLogits(Tensor features, Tensor verbalizerIds) =>
        lm_head.SelectedLogits(features, WordEmbeddings, verbalizerIds);
}
