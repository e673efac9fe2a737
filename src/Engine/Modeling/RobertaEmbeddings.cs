using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary><c>roberta.embeddings.*</c>: word + position + token-type embeddings, then LayerNorm.</summary>
public sealed class RobertaEmbeddings : nn.Module
{
    public readonly Embedding word_embeddings;
    public readonly Embedding position_embeddings;
    public readonly Embedding token_type_embeddings;
    public readonly LayerNorm LayerNorm;
    private readonly long _padIdx;

    public RobertaEmbeddings(RobertaConfig config, Device? device = null) : base("embeddings")
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId, device: device);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize, padding_idx: config.PadTokenId, device: device);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize, device: device);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        _padIdx = config.PadTokenId;
        RegisterComponents();
    }

    /// <summary>
    /// Embeds <paramref name="inputIds"/> [B, T]. Positions follow RoBERTa: pad index + running count of
    /// non-pad tokens; pad positions get the pad index.
    /// </summary>
    public Tensor forward(Tensor inputIds)
    {
        using var notPad = inputIds.ne(_padIdx);
        using var mask = notPad.to(ScalarType.Int64);
        using var counts = mask.cumsum(1);
        using var masked = counts.mul(mask);
        using var positions = masked.add(_padIdx);
        using var words = word_embeddings.forward(inputIds);
        using var pos = position_embeddings.forward(positions);
        // type_vocab_size is 1 for RoBERTa: every token has type 0, so add row 0 by broadcasting.
        using var type0 = token_type_embeddings.weight!.select(0, 0);
        using var sum = words.add(pos).add_(type0);
        return LayerNorm.forward(sum);
    }
}
