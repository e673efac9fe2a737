namespace FedBpt.Engine.Modeling;

/// <summary>
/// What a family's Hugging Face checkpoint may hold besides the model's parameters, and how it names the tied
/// decoder. Everything else that is unexpected, missing or mis-shaped is a loading error.
/// </summary>
/// <param name="WordEmbeddings">The word-embedding key the decoder is tied to.</param>
/// <param name="Bias">The decoder-bias parameter.</param>
/// <param name="DecoderWeight">The decoder's own copy of the tied weight, when a checkpoint stores it.</param>
/// <param name="DecoderBias">The decoder's copy of the bias; older checkpoints store the bias only here.</param>
/// <param name="IgnoredKeys">Other keys Hugging Face skips for a masked LM (buffers).</param>
/// <param name="IgnoredPrefixes">Modules a masked LM does not use (pooler, next-sentence head).</param>
public sealed record CheckpointLayout(
    string WordEmbeddings,
    string Bias,
    string DecoderWeight,
    string DecoderBias,
    IReadOnlyList<string> IgnoredKeys,
    IReadOnlyList<string> IgnoredPrefixes)
{
    public static CheckpointLayout Roberta { get; } = new(
        "roberta.embeddings.word_embeddings.weight", "lm_head.bias", "lm_head.decoder.weight", "lm_head.decoder.bias",
        ["roberta.embeddings.position_ids"], ["roberta.pooler."]);

    public static CheckpointLayout Bert { get; } = new(
        "bert.embeddings.word_embeddings.weight", "cls.predictions.bias", "cls.predictions.decoder.weight", "cls.predictions.decoder.bias",
        ["bert.embeddings.position_ids"], ["bert.pooler.", "cls.seq_relationship."]);

    /// <summary>A key that is not a parameter but that the checkpoint may hold.</summary>
    public bool IsKnownExtra(string key) =>
        key == DecoderWeight || key == DecoderBias || IgnoredKeys.Contains(key)
        || IgnoredPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
}
