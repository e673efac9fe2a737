namespace FedBpt.Engine.Text;

/// <summary>Loads the tokenizer a model folder holds: the files decide the kind.</summary>
public static class ModelTokenizers
{
    /// <summary>The kind of tokenizer in <paramref name="folder"/>, or null when it holds none.</summary>
    public static TokenizerKind? KindOf(string folder) =>
        RobertaTokenizer.IsPresent(folder) ? TokenizerKind.ByteLevelBpe
        : BertWordPieceTokenizer.IsPresent(folder) ? TokenizerKind.WordPiece
        : null;

    /// <summary>The tokenizer of a Hugging Face model folder: vocab.json + merges.txt → BPE, vocab.txt → WordPiece.</summary>
    /// <exception cref="FileNotFoundException">The folder holds neither.</exception>
    public static IModelTokenizer Load(string folder) => KindOf(folder) switch
    {
        TokenizerKind.ByteLevelBpe => RobertaTokenizer.Load(folder),
        TokenizerKind.WordPiece => BertWordPieceTokenizer.Load(folder),
        _ => throw new FileNotFoundException(
            $"No tokenizer in '{folder}': expected vocab.json and merges.txt (byte-level BPE, RoBERTa) or vocab.txt " +
            "(WordPiece, BERT), the Hugging Face tokenizer files."),
    };

    /// <summary>How the kind is shown to users.</summary>
    public static string DisplayName(this TokenizerKind kind) => kind switch
    {
        TokenizerKind.ByteLevelBpe => "byte-level BPE",
        TokenizerKind.WordPiece => "WordPiece",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
