using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

/// <summary>One tokenizer of each kind for the whole test run: loading a vocabulary takes a moment.</summary>
internal static class SharedTokenizer
{
    private static readonly Lazy<RobertaTokenizer> Lazy = new(() => RobertaTokenizer.Load(SharedPaths.Tokenizer));
    private static readonly Lazy<BertWordPieceTokenizer> LazyWordPiece = new(() => BertWordPieceTokenizer.Load(SharedPaths.MiniLmModel));

    /// <summary>RoBERTa's byte-level BPE.</summary>
    public static RobertaTokenizer Instance => Lazy.Value;

    /// <summary>minilm-mlm's uncased WordPiece.</summary>
    public static BertWordPieceTokenizer WordPiece => LazyWordPiece.Value;
}
