using FedBpt.Engine.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// <c>roberta.embeddings.*</c> / <c>bert.embeddings.*</c>: word + position + token-type embeddings, then
/// LayerNorm. The keys are the same in both families; only the positions differ.
/// </summary>
public sealed class EncoderEmbeddings : nn.Module
{
    public readonly Embedding word_embeddings;
    public readonly Embedding position_embeddings;
    public readonly Embedding token_type_embeddings;
    public readonly LayerNorm LayerNorm;
    private readonly long _padIdx;
    private readonly bool _padOffsetPositions;

    public EncoderEmbeddings(MaskedLmConfig config, Device? device = null) : base("embeddings")
    {
        _padOffsetPositions = config.Family == ModelFamily.Roberta;
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId, device: device);
        // Only RoBERTa's position table has a padding row (its pad positions all point at it).
        position_embeddings = _padOffsetPositions
            ? nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize, padding_idx: config.PadTokenId, device: device)
            : nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize, device: device);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize, device: device);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        _padIdx = config.PadTokenId;
        RegisterComponents();
    }

    /// <summary>
    /// Embeds <paramref name="inputIds"/> [B, T]. RoBERTa: position = pad index + running count of non-pad
    /// tokens, pad positions get the pad index. BERT: positions 0..T−1. Every token has type 0.
    /// </summary>
    public Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var positions = _padOffsetPositions ? PadOffsetPositions(inputIds) : AbsolutePositions(inputIds);
        var words = word_embeddings.forward(inputIds);
        var pos = position_embeddings.forward(positions);
        // Type 0 for every token: add row 0 by broadcasting instead of looking up a [B, T] table of zeros.
        var type0 = token_type_embeddings.weight!.select(0, 0);
        var sum = words.AddInPlace(pos).AddInPlace(type0);
        return LayerNorm.forward(sum).MoveToOuterDisposeScope();
    }

    private Tensor PadOffsetPositions(Tensor inputIds)
    {
        var mask = inputIds.NotEqualTo(_padIdx).to(ScalarType.Int64);
        return mask.cumsum(1).mul_(mask).AddInPlace(_padIdx);
    }

    private static Tensor AbsolutePositions(Tensor inputIds) =>
        arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0); // broadcasts over B
}
