using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FedBpt.Engine.Text;

/// <summary>
/// BERT's WordPiece tokenizer (Hugging Face <c>BertTokenizer</c>): basic tokenization (clean-up, optional
/// lower-casing and accent stripping, punctuation and CJK splitting), then greedy longest-match WordPiece with
/// <c>##</c> continuation pieces. Built on Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>, configured from
/// the folder's <c>tokenizer_config.json</c> as Hugging Face reads it.
/// </summary>
/// <remarks>
/// Templates mark the mask with <c>&lt;mask&gt;</c>; it is replaced by <c>[MASK]</c>'s id here. The model's own
/// special tokens written literally (<c>[MASK]</c>, <c>[SEP]</c>…) are kept whole, as Hugging Face does.
/// Thread-safe: the wrapped tokenizer holds no mutable state after creation.
/// </remarks>
public sealed class BertWordPieceTokenizer : IModelTokenizer
{
    public const string VocabFile = "vocab.txt";
    public const string ConfigFile = "tokenizer_config.json";
    private const string MaskMarker = "<mask>";

    // Hugging Face's BasicTokenizer splits on whitespace and then around every punctuation character, where
    // punctuation is Unicode category P plus the ASCII symbols $ + < = > ^ ` | ~. The library's default
    // pre-tokenizer (\w+|\p{P}) drops those symbols and keeps '_' inside words, so "``quoted''" loses its
    // backticks; this pattern reproduces Hugging Face's splits.
    private static readonly Regex BasicTokenizerPattern = new(
        @"[^\s\p{P}$+<=>^`|~]+|[\p{P}$+<=>^`|~]", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly BertTokenizer _bert;
    private readonly string[] _tokens;
    private readonly int[] _specialIds;

    private BertWordPieceTokenizer(BertTokenizer bert, string[] tokens)
    {
        _bert = bert;
        _tokens = tokens;
        StartId = bert.ClassificationTokenId;
        EndId = bert.SeparatorTokenId;
        PadId = bert.PaddingTokenId;
        MaskId = bert.MaskingTokenId;
        UnkId = bert.UnknownTokenId;
        _specialIds = [StartId, EndId, PadId, MaskId, UnkId];
    }

    public TokenizerKind Kind => TokenizerKind.WordPiece;
    public int VocabSize => _tokens.Length;
    public int StartId { get; }
    public int EndId { get; }
    public int PadId { get; }
    public int UnkId { get; }
    public int MaskId { get; }

    /// <summary>Whether the text is lower-cased before WordPiece (<c>do_lower_case</c>).</summary>
    public bool LowerCase => _bert.LowerCaseBeforeTokenization;

    /// <summary>Whether <paramref name="folder"/> holds a WordPiece vocabulary.</summary>
    public static bool IsPresent(string folder) => File.Exists(Path.Combine(folder, VocabFile));

    /// <summary>Loads <c>vocab.txt</c> and, when present, <c>tokenizer_config.json</c> from a Hugging Face model folder.</summary>
    public static BertWordPieceTokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        string vocabPath = Path.Combine(modelDirectory, VocabFile);
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException(
                $"WordPiece vocabulary '{vocabPath}' is missing; the folder '{modelDirectory}' must contain {VocabFile} " +
                "(the Hugging Face BERT tokenizer file).", vocabPath);
        }
        var settings = Settings.Read(Path.Combine(modelDirectory, ConfigFile));
        // One token per line, the id is the line number (Hugging Face's load_vocab).
        string[] tokens = File.ReadAllLines(vocabPath);
        foreach (string special in new[] { settings.Cls, settings.Sep, settings.Pad, settings.Mask, settings.Unk })
        {
            if (Array.IndexOf(tokens, special) < 0)
                throw new InvalidDataException($"The WordPiece vocabulary {vocabPath} has no '{special}' entry; is it a BERT {VocabFile}?");
        }
        // The pre-tokenizer sees normalized (possibly lower-cased) text: it must know "[mask]" as [MASK] too.
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string special in new[] { settings.Cls, settings.Sep, settings.Pad, settings.Mask, settings.Unk })
        {
            specialTokens[special] = Array.IndexOf(tokens, special);
            if (settings.LowerCase) specialTokens.TryAdd(special.ToLowerInvariant(), specialTokens[special]);
        }
        var options = new BertOptions
        {
            PreTokenizer = new RegexPreTokenizer(BasicTokenizerPattern, specialTokens),
            LowerCaseBeforeTokenization = settings.LowerCase,
            // Hugging Face: strip_accents unset means "strip when lower-casing".
            RemoveNonSpacingMarks = settings.StripAccents ?? settings.LowerCase,
            IndividuallyTokenizeCjk = settings.TokenizeChineseChars,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
            UnknownToken = settings.Unk,
            SeparatorToken = settings.Sep,
            PaddingToken = settings.Pad,
            ClassificationToken = settings.Cls,
            MaskingToken = settings.Mask,
        };
        return new BertWordPieceTokenizer(BertTokenizer.Create(vocabPath, options), tokens);
    }

    public int[] EncodeWithoutSpecials(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 4 + 2);
        int start = 0;
        for (int at = text.IndexOf(MaskMarker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(MaskMarker, start, StringComparison.Ordinal))
        {
            AddPlain(text[start..at], ids);
            ids.Add(MaskId);
            start = at + MaskMarker.Length;
        }
        AddPlain(text[start..], ids);
        return ids.ToArray();
    }

    public int[] Encode(string text) => [StartId, .. EncodeWithoutSpecials(text), EndId];

    /// <summary>
    /// The text of <paramref name="ids"/> as Hugging Face's decode writes it: pieces joined with spaces, <c>##</c>
    /// continuations glued to the piece before, special tokens written literally.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int[] array = ids.ToArray();
        foreach (int id in array)
        {
            if (id < 0 || id >= VocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id must be in [0, {VocabSize}).");
        }
        return _bert.Decode(array, false); // false: write special tokens too
    }

    /// <summary>
    /// The id of <paramref name="word"/>, which must be one whole-word token (no <c>##</c> continuation): the
    /// reference scores a class by one token, and a word split into pieces would be scored by its first fragment.
    /// <paramref name="leadingSpace"/> has no effect (whitespace is stripped before WordPiece).
    /// </summary>
    public int VerbalizerTokenId(string word, bool leadingSpace)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (string.IsNullOrWhiteSpace(word))
            throw new ArgumentException("A verbalizer word must not be empty or whitespace.", nameof(word));
        int[] ids = EncodeWithoutSpecials(word);
        if (ids.Length == 0)
            throw new ArgumentException($"The verbalizer word '{word}' has no WordPiece token (nothing is left after clean-up).", nameof(word));
        if (ids.Length > 1)
        {
            throw new ArgumentException(
                $"The verbalizer word '{word}' is not one token of the WordPiece vocabulary (it splits into " +
                $"{string.Join(" ", ids.Select(i => _tokens[i]))}); choose a word the vocabulary holds whole.", nameof(word));
        }
        if (_specialIds.Contains(ids[0]))
        {
            throw new ArgumentException(
                $"The verbalizer word '{word}' maps to the special token {_tokens[ids[0]]} (unknown or reserved), " +
                "so it cannot score a class.", nameof(word));
        }
        return ids[0];
    }

    public bool IsSingleToken(string word)
    {
        try
        {
            VerbalizerTokenId(word, leadingSpace: false);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void AddPlain(string segment, List<int> ids)
    {
        if (segment.Length == 0) return;
        // Hugging Face's clean-up turns tab, newline and carriage return into spaces; the library's drops them as
        // control characters, gluing "was\tgreat" into one word. Make them spaces first.
        segment = segment.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        ids.AddRange(_bert.EncodeToIds(segment, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true));
    }

    /// <summary><c>tokenizer_config.json</c>'s keys with Hugging Face's <c>BertTokenizer</c> defaults.</summary>
    private sealed record Settings(
        bool LowerCase, bool? StripAccents, bool TokenizeChineseChars, string Unk, string Sep, string Pad, string Cls, string Mask)
    {
        public static Settings Read(string path)
        {
            var defaults = new Settings(true, null, true, "[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]");
            if (!File.Exists(path)) return defaults;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                var root = document.RootElement;
                return new Settings(
                    Bool(root, "do_lower_case") ?? defaults.LowerCase,
                    Bool(root, "strip_accents"),
                    Bool(root, "tokenize_chinese_chars") ?? defaults.TokenizeChineseChars,
                    Token(root, "unk_token") ?? defaults.Unk,
                    Token(root, "sep_token") ?? defaults.Sep,
                    Token(root, "pad_token") ?? defaults.Pad,
                    Token(root, "cls_token") ?? defaults.Cls,
                    Token(root, "mask_token") ?? defaults.Mask);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new InvalidDataException($"Tokenizer config {path} is not valid: {e.Message}", e);
            }
        }

        private static bool? Bool(JsonElement root, string key) =>
            root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

        // A special token is a string, or (in some Hub files) an AddedToken object with its text in "content".
        private static string? Token(JsonElement root, string key) =>
            !root.TryGetProperty(key, out var v) ? null
            : v.ValueKind == JsonValueKind.String ? v.GetString()
            : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
            : null;
    }
}
