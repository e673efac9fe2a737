using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FedBpt.Engine.Modeling;

/// <summary>
/// A masked-LM head: a transform (dense → GELU → LayerNorm) whose output is dotted with the word embeddings (the
/// decoder is tied to them, so it is not a parameter) plus a per-token bias. The families name the parts
/// differently (<see cref="RobertaLMHead"/>, <see cref="BertOnlyMLMHead"/>) but compute the same thing.
/// </summary>
public abstract class MaskedLmHead(string name) : nn.Module(name)
{
    /// <summary>The decoder bias [V].</summary>
    public abstract Tensor Bias { get; }

    /// <summary>dense → GELU → LayerNorm: the features every vocabulary logit is a dot product with.</summary>
    public abstract Tensor Transform(Tensor hidden);

    /// <summary>Logits over the whole vocabulary: [B, H] → [B, V].</summary>
    public Tensor VocabularyLogits(Tensor features, Tensor wordEmbeddings) => F.linear(features, wordEmbeddings, Bias);

    /// <summary>
    /// Only the K logits of <paramref name="tokenIds"/> ([K]): K dot products plus their biases, the
    /// same values as the full head's columns at a fraction of the cost (V = 30,522–50,265 vs K = 2..14).
    /// </summary>
    public Tensor SelectedLogits(Tensor features, Tensor wordEmbeddings, Tensor tokenIds)
    {
        using var rows = wordEmbeddings.index_select(0, tokenIds);
        using var b = Bias.index_select(0, tokenIds);
        return F.linear(features, rows, b);
    }

    /// <summary>The shared transform, over the family's own modules.</summary>
    protected static Tensor Transform(Tensor hidden, TorchSharp.Modules.Linear dense, TorchSharp.Modules.LayerNorm layerNorm)
    {
        using var projected = dense.forward(hidden);
        using var activated = F.gelu(projected);
        return layerNorm.forward(activated);
    }
}
