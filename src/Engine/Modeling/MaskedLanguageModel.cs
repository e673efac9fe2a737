using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

/// <summary>
/// A frozen masked LM used as a black box: token ids (plus an optional continuous prompt) in, logits at the mask
/// position out. The families (<see cref="RobertaForMaskedLM"/>, <see cref="BertForMaskedLM"/>) share this
/// forward and the encoder layers; they differ in their embeddings' positions and their key names, which are
/// exactly the Hugging Face keys. Inference only.
/// </summary>
public abstract class MaskedLanguageModel : nn.Module
{
    protected MaskedLanguageModel(string name, MaskedLmConfig config, ModelFamily family) : base(name)
    {
        config.Validate();
        if (config.Family != family)
            throw new ModelLoadException($"A {family.DisplayName()} model cannot be built from a '{config.ModelType}' config.");
        Config = config;
    }

    public MaskedLmConfig Config { get; }

    public ModelFamily Family => Config.Family;

    /// <summary>Embeddings and encoder: <c>roberta.*</c> or <c>bert.*</c>.</summary>
    public abstract EncoderModel Body { get; }

    /// <summary>The masked-LM head: <c>lm_head.*</c> or <c>cls.*</c>.</summary>
    public abstract MaskedLmHead Head { get; }

    /// <summary>The checkpoint keys that are not parameters but may be present.</summary>
    public abstract CheckpointLayout Layout { get; }

    public Device Device => Head.Bias.device;

    /// <summary>The tied input/output embedding matrix [V, H].</summary>
    public Tensor WordEmbeddings => Body.embeddings.word_embeddings.weight!;

    /// <summary>The dtype the model computes in (float32 unless frozen to another).</summary>
    public ScalarType Dtype => Head.Bias.dtype;

    /// <summary>An untrained model of <paramref name="config"/>'s family (random weights, or none on the meta device).</summary>
    public static MaskedLanguageModel Create(MaskedLmConfig config, Device? device = null) => config.Family switch
    {
        ModelFamily.Bert => new BertForMaskedLM(config, device),
        _ => new RobertaForMaskedLM(config, device),
    };

    /// <summary>
    /// Loads a Hugging Face model folder (config.json + model.safetensors or pytorch_model.bin); config.json's
    /// <c>model_type</c> picks the family.
    /// </summary>
    public static MaskedLanguageModel FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        if (!Directory.Exists(directory)) throw new ModelLoadException($"Model folder not found: {directory}");
        var config = MaskedLmConfig.Load(Path.Combine(directory, "config.json"));
        var model = Create(config);
        try
        {
            WeightsLoader.LoadInto(model, directory);
            return model.Freeze(device ?? CPU, dtype);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Moves to <paramref name="device"/> and <paramref name="dtype"/>, switches to eval mode, turns gradients off and fuses QKV.</summary>
    public MaskedLanguageModel Freeze(Device device, ScalarType dtype = ScalarType.Float32)
    {
        this.to(device);
        if (dtype != ScalarType.Float32) this.to(dtype);
        eval();
        foreach (var p in parameters()) p.requires_grad = false;
        using (no_grad())
        {
            foreach (var layer in Body.encoder.layer) layer.FuseProjections();
        }
        return this;
    }

    /// <summary>
    /// The LM-head features (dense → GELU → LayerNorm) at each sequence's mask position: [B, H].
    /// </summary>
    /// <param name="inputIds">[B, T] int64, right-padded with the pad id.</param>
    /// <param name="attentionMask">[B, T] bool, true for real tokens.</param>
    /// <param name="maskPositions">[B] int64, index of the mask token in <paramref name="inputIds"/>.</param>
    /// <param name="prompt">[B, n, H] prompt rows, or null for the plain template.</param>
    /// <param name="mode">Add: rows added at positions 1..n. Cat: rows prepended before the start token (<c>&lt;s&gt;</c>, <c>[CLS]</c>).</param>
    public Tensor MaskFeatures(Tensor inputIds, Tensor attentionMask, Tensor maskPositions, Tensor? prompt, PromptMode mode)
    {
        using var scope = NewDisposeScope();
        long b = inputIds.shape[0];
        long n = prompt?.shape[1] ?? 0;
        if (prompt is not null && prompt.dtype != Dtype) prompt = prompt.to_type(Dtype);
        bool cat = prompt is not null && mode == PromptMode.Cat;

        // Cat mode: token positions come from the ids alone; the prepended rows get no position
        // embedding (as the reference and the PyTorch parity fixture).
        var hidden = Body.embeddings.forward(inputIds);
        var keep = attentionMask;
        var positions = maskPositions;
        if (prompt is not null)
        {
            if (cat)
            {
                hidden = torch.cat([prompt, hidden], 1);
                keep = torch.cat([ones(b, n, dtype: ScalarType.Bool, device: keep.device), keep], 1);
                positions = maskPositions.Plus(n);
            }
            else
            {
                if (inputIds.shape[1] < n + 1)
                    throw new ArgumentException($"Add mode needs at least {n + 1} tokens (the start token and {n} placeholders).");
                hidden.narrow(1, 1, n).AddInPlace(prompt);
            }
        }

        long t = hidden.shape[1];
        var keys = keep.view(b, 1, 1, t);
        var rows = arange(b, dtype: ScalarType.Int64, device: hidden.device).MulInPlace(t).AddInPlace(positions);
        var layers = Body.encoder.layer;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            // Free each layer's input as soon as the next exists: peak memory stays at ~2 activations.
            var next = layers[i].forward(hidden, keys);
            hidden.Dispose();
            hidden = next;
        }
        // Only the mask position is read, so the last layer computes that row alone.
        var atMask = layers[layers.Count - 1].ForwardAt(hidden, keys, rows);
        return Head.Transform(atMask).MoveToOuterDisposeScope();
    }

    /// <summary>Full-vocabulary logits from <see cref="MaskFeatures"/>: [B, V].</summary>
    public Tensor VocabularyLogits(Tensor features) => Head.VocabularyLogits(features, WordEmbeddings);

    /// <summary>Only the verbalizer logits ([K] token ids) from <see cref="MaskFeatures"/>: [B, K].</summary>
    public Tensor VerbalizerLogits(Tensor features, Tensor verbalizerIds) =>
        Head.SelectedLogits(features, WordEmbeddings, verbalizerIds);
}
