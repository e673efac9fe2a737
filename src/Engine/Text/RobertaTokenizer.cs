using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FedBpt.Engine.Text;

/// <summary>
/// The RoBERTa (GPT-2) byte-level BPE tokenizer, producing exactly the ids of Hugging Face's
/// <c>RobertaTokenizer</c> with <c>add_prefix_space=False</c>.
/// </summary>
/// <remarks>
/// Built on <see cref="BpeTokenizer"/> (byte-level, GPT-2 pre-tokenizer regex), which reproduces the
/// Hugging Face ids. <see cref="CodeGenTokenizer"/> was rejected: its factory adds CodeGen's
/// whitespace-run tokens (ids 50257+), so "a   b" gets ids beyond RoBERTa's vocabulary, and
/// <see cref="EnglishRobertaTokenizer"/> needs fairseq's dict.txt and filters characters.
/// Special tokens are matched here rather than by the library so that <c>&lt;mask&gt;</c> can
/// absorb the whitespace before it, as Hugging Face's added token (<c>lstrip=True</c>) does.
/// Thread-safe: the wrapped tokenizer's caches are locked and this class holds no mutable state.
/// </remarks>
public sealed class RobertaTokenizer : IModelTokenizer
{
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    private const string MaskToken = "<mask>";

    // The pre-tokenizer pattern of GPT-2 (and of HF's ByteLevel pre-tokenizer with use_regex=true).
    private static readonly Regex Gpt2Pattern = new(
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly BpeTokenizer _bpe;
    private readonly (string Text, int Id)[] _specialTokens;

    private RobertaTokenizer(BpeTokenizer bpe)
    {
        _bpe = bpe;
        var vocab = bpe.Vocabulary;
        StartId = SpecialId(vocab, "<s>");
        PadId = SpecialId(vocab, "<pad>");
        EndId = SpecialId(vocab, "</s>");
        UnkId = SpecialId(vocab, "<unk>");
        MaskId = SpecialId(vocab, MaskToken);
        VocabSize = vocab.Values.Max() + 1;
        // Longest first, so that a special token that is a prefix of another never wins.
        _specialTokens = new[] { "<s>", "<pad>", "</s>", "<unk>", MaskToken }
            .Select(t => (t, vocab[t]))
            .OrderByDescending(t => t.Item1.Length)
            .ToArray();
    }

    public TokenizerKind Kind => TokenizerKind.ByteLevelBpe;
    public int VocabSize { get; }

    /// <summary><c>&lt;s&gt;</c></summary>
    public int StartId { get; }
    public int PadId { get; }

    /// <summary><c>&lt;/s&gt;</c></summary>
    public int EndId { get; }
    public int UnkId { get; }
    public int MaskId { get; }

    /// <summary>Whether <paramref name="folder"/> holds a byte-level BPE tokenizer.</summary>
    public static bool IsPresent(string folder) =>
        File.Exists(Path.Combine(folder, VocabFile)) && File.Exists(Path.Combine(folder, MergesFile));

    /// <summary>Loads <c>vocab.json</c> and <c>merges.txt</c> from a Hugging Face model folder.</summary>
    public static RobertaTokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        string vocabPath = Path.Combine(modelDirectory, VocabFile);
        string mergesPath = Path.Combine(modelDirectory, MergesFile);
        foreach (string path in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"RoBERTa tokenizer file '{path}' is missing; the folder '{modelDirectory}' must contain " +
                    $"{VocabFile} and {MergesFile} (the Hugging Face tokenizer files).", path);
            }
        }
        var options = new BpeOptions(vocabPath, mergesPath)
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2Pattern, specialTokens: null),
        };
        return new RobertaTokenizer(BpeTokenizer.Create(options));
    }

    /// <summary>
    /// Tokenizes <paramref name="text"/> as is (no prefix space, no <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>).
    /// Literal special tokens in the text become their ids; <c>&lt;mask&gt;</c> also swallows the
    /// whitespace before it, so "was &lt;mask&gt;" gives [Ġwas, &lt;mask&gt;] as in Hugging Face.
    /// </summary>
    public int[] EncodeWithoutSpecials(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 2);
        int segmentStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '<' && MatchSpecial(text, i) is (string token, int id))
            {
                int segmentEnd = i;
                if (token == MaskToken)
                {
                    while (segmentEnd > segmentStart && char.IsWhiteSpace(text[segmentEnd - 1])) segmentEnd--;
                }
                AddPlain(text.AsSpan(segmentStart, segmentEnd - segmentStart), ids);
                ids.Add(id);
                i += token.Length;
                segmentStart = i;
            }
            else
            {
                i++;
            }
        }
        AddPlain(text.AsSpan(segmentStart), ids);
        return ids.ToArray();
    }

    /// <summary><c>&lt;s&gt;</c> + <see cref="EncodeWithoutSpecials"/> + <c>&lt;/s&gt;</c>.</summary>
    public int[] Encode(string text)
    {
        int[] body = EncodeWithoutSpecials(text);
        var ids = new int[body.Length + 2];
        ids[0] = StartId;
        body.CopyTo(ids, 1);
        ids[^1] = EndId;
        return ids;
    }

    /// <summary>
    /// The text of <paramref name="ids"/>, special tokens written literally and no clean-up of
    /// tokenization spaces, so it inverts <see cref="EncodeWithoutSpecials"/> for text without specials.
    /// Invalid UTF-8 byte sequences decode to U+FFFD, as in Hugging Face (errors="replace").
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int[] array = ids.ToArray();
        foreach (int id in array)
        {
            if (id < 0 || id >= VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id must be in [0, {VocabSize}).");
            }
        }
        return _bpe.Decode(array);
    }

    /// <summary>
    /// The id that scores a verbalizer word: the first BPE id of the word tokenized without special
    /// tokens, with or without a leading space ("great" → 12338, " great" → 372).
    /// </summary>
    public int VerbalizerTokenId(string word, bool leadingSpace)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (string.IsNullOrWhiteSpace(word))
        {
            throw new ArgumentException("A verbalizer word must not be empty or whitespace.", nameof(word));
        }
        int[] ids = EncodeWithoutSpecials(leadingSpace ? " " + word : word);
        int first = ids[0];
        if (_specialTokens.Any(s => s.Id == first))
        {
            throw new ArgumentException(
                $"The verbalizer word '{word}' maps to the special token id {first} (unknown or reserved), " +
                "so it cannot score a class.", nameof(word));
        }
        return first;
    }

    /// <summary>
    /// One ordinary token with or without a leading space ("great" or " great"), so that whichever
    /// <c>verbalizerLeadingSpace</c> a run uses, a class is never scored by a fragment of its word.
    /// </summary>
    public bool IsSingleToken(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        string trimmed = word.Trim();
        if (trimmed.Length == 0) return false;
        return IsOrdinarySingle(EncodeWithoutSpecials(trimmed)) || IsOrdinarySingle(EncodeWithoutSpecials(" " + trimmed));
    }

    private bool IsOrdinarySingle(int[] ids) => ids.Length == 1 && !_specialTokens.Any(s => s.Id == ids[0]);

    private void AddPlain(ReadOnlySpan<char> segment, List<int> ids)
    {
        if (segment.IsEmpty) return;
        ids.AddRange(_bpe.EncodeToIds(segment));
    }

    private (string Token, int Id)? MatchSpecial(string text, int index)
    {
        foreach (var (token, id) in _specialTokens)
        {
            if (string.CompareOrdinal(text, index, token, 0, token.Length) == 0) return (token, id);
        }
        return null;
    }

    private static int SpecialId(IReadOnlyDictionary<string, int> vocab, string token) =>
        vocab.TryGetValue(token, out int id)
            ? id
            : throw new InvalidDataException($"The tokenizer vocabulary has no '{token}' entry; is it a RoBERTa {VocabFile}?");
}
