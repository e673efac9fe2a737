using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// <c>lm_head.*</c>: dense → GELU → LayerNorm → decoder. The decoder weight is tied to the word
/// embeddings (so it is not a parameter here); <c>lm_head.bias</c> is the decoder bias.
/// </summary>
public sealed class RobertaLMHead : nn.Module
{
    public readonly Linear dense;
    public readonly LayerNorm layer_norm;
    public readonly Parameter bias;

    public RobertaLMHead(RobertaConfig config, Device? device = null) : base("lm_head")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        layer_norm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        bias = nn.Parameter(zeros(config.VocabSize, device: device));
        RegisterComponents();
    }

    /// <summary>dense → GELU → LayerNorm: the features every vocabulary logit is a dot product with.</summary>
    public Tensor Transform(Tensor hidden)
    {
        using var projected = dense.forward(hidden);
        using var activated = F.gelu(projected);
        return layer_norm.forward(activated);
    }

    /// <summary>Logits over the whole vocabulary: [B, H] → [B, V].</summary>
    public Tensor VocabularyLogits(Tensor features, Tensor wordEmbeddings) => F.linear(features, wordEmbeddings, bias);

    /// <summary>
    /// Only the K logits of <paramref name="tokenIds"/> ([K]): K dot products plus their biases, the
    /// same values as the full head's columns at a fraction of the cost (V = 50,265 vs K = 2..14).
    /// </summary>
    public Tensor SelectedLogits(Tensor features, Tensor wordEmbeddings, Tensor tokenIds)
    {
        using var rows = wordEmbeddings.index_select(0, tokenIds);
        using var b = bias.index_select(0, tokenIds);
        return F.linear(features, rows, b);
    }
}
