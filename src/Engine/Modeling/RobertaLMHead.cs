using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// <c>lm_head.*</c>: dense → GELU → layer_norm → decoder. The decoder weight is tied to the word
/// embeddings; <c>lm_head.bias</c> is the decoder bias.
/// </summary>
public sealed class RobertaLMHead : MaskedLmHead
{
    public readonly Linear dense;
    public readonly LayerNorm layer_norm;
    public readonly Parameter bias;

    public RobertaLMHead(MaskedLmConfig config, Device? device = null) : base("lm_head")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        layer_norm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        bias = nn.Parameter(zeros(config.VocabSize, device: device));
        RegisterComponents();
    }

    public override Tensor Bias => bias;

    public override Tensor Transform(Tensor hidden) => Transform(hidden, dense, layer_norm);
}
