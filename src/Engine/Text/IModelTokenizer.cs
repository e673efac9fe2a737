namespace FedBpt.Engine.Text;

/// <summary>
/// A masked LM's tokenizer, as the engine uses it: text to ids with the model's own special tokens. Templates mark
/// the mask with <c>&lt;mask&gt;</c> whatever the model; <see cref="EncodeWithoutSpecials"/> writes the model's
/// mask token there (<c>&lt;mask&gt;</c> for RoBERTa, <c>[MASK]</c> for BERT). Implementations are thread-safe.
/// </summary>
public interface IModelTokenizer
{
    /// <summary>The tokenization scheme (what the model folder's files are).</summary>
    TokenizerKind Kind { get; }

    int VocabSize { get; }

    /// <summary>The token every sequence starts with: <c>&lt;s&gt;</c> or <c>[CLS]</c>.</summary>
    int StartId { get; }

    /// <summary>The token every sequence ends with: <c>&lt;/s&gt;</c> or <c>[SEP]</c>.</summary>
    int EndId { get; }

    int PadId { get; }
    int UnkId { get; }
    int MaskId { get; }

    /// <summary>
    /// Tokenizes <paramref name="text"/> without start and end tokens. The template marker <c>&lt;mask&gt;</c> (and
    /// the model's own special tokens written literally) become their ids.
    /// </summary>
    int[] EncodeWithoutSpecials(string text);

    /// <summary>Start token + <see cref="EncodeWithoutSpecials"/> + end token.</summary>
    int[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/>, special tokens written literally.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>
    /// The id whose MLM logit scores a verbalizer word. Throws <see cref="ArgumentException"/> when the word has
    /// no usable token; the message says why.
    /// </summary>
    /// <param name="leadingSpace">BPE: score the token of " word" (<c>Ġword</c>). WordPiece ignores it: its basic
    /// tokenizer strips whitespace, so " word" and "word" are the same token.</param>
    int VerbalizerTokenId(string word, bool leadingSpace);

    /// <summary>
    /// Whether <paramref name="word"/> is one whole, ordinary token of the vocabulary (in some spelling the family
    /// scores it with), so that a class scored by it is scored by the whole word and not a fragment.
    /// </summary>
    bool IsSingleToken(string word);
}

/// <summary>The tokenization schemes; the model folder's files decide which one a model uses.</summary>
public enum TokenizerKind
{
    /// <summary>GPT-2/RoBERTa byte-level BPE: <c>vocab.json</c> + <c>merges.txt</c>.</summary>
    ByteLevelBpe,

    /// <summary>BERT WordPiece: <c>vocab.txt</c> (+ <c>tokenizer_config.json</c> for lower-casing).</summary>
    WordPiece,
}
