using FedBpt.Engine.Text;

namespace FedBpt.Engine.Tasks;

/// <summary>
/// Turns examples of a task into model inputs for a prompt mode, and gives the verbalizer token ids.
/// </summary>
/// <remarks>
/// Add mode with n &gt; 0 prompt tokens: the start token (<c>&lt;s&gt;</c>, <c>[CLS]</c>), the placeholder ids
/// 1000 … 1000+n−1 (for every tokenizer, as the parity fixtures), the tokens of
/// <see cref="TaskDefinition.PromptSeparator"/> + filled template, the end token (<c>&lt;/s&gt;</c>, <c>[SEP]</c>). The
/// reference instead decodes ids 1000… to text and re-tokenizes the whole string, which can merge or
/// split tokens at the boundaries; writing the ids directly keeps exactly n placeholders at positions
/// 1..n (where the prompt rows are added) and is how the parity fixture builds its <c>ids_add</c>.
/// Cat mode, or no prompt tokens: start token + filled template + end token. The template's <c>&lt;mask&gt;</c>
/// becomes the model's own mask token (<see cref="IModelTokenizer.EncodeWithoutSpecials"/>).
/// </remarks>
public sealed class TaskEncoder
{
    /// <summary>The first placeholder id; the reference uses ids 1000.. as its prompt placeholder text.</summary>
    public const int PlaceholderOffset = 1000;

    private readonly IModelTokenizer _tokenizer;
    private readonly int[] _prefix;

    public TaskEncoder(IModelTokenizer tokenizer, TaskDefinition task, PromptMode mode, int nPromptTokens,
        bool verbalizerLeadingSpace = false, int maxLength = 512)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(nPromptTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        if (mode == PromptMode.Add && PlaceholderOffset + nPromptTokens > tokenizer.VocabSize)
            throw new ArgumentOutOfRangeException(nameof(nPromptTokens), nPromptTokens, "Too many prompt tokens for the placeholder ids.");
        task.Validate();

        _tokenizer = tokenizer;
        Task = task;
        Mode = mode;
        NPromptTokens = nPromptTokens;
        MaxLength = maxLength;
        VerbalizerIds = Array.AsReadOnly(VerbalizerIdsOf(tokenizer, task, verbalizerLeadingSpace));
        _prefix = UsesPlaceholders
            ? [tokenizer.StartId, .. Enumerable.Range(PlaceholderOffset, nPromptTokens)]
            : [tokenizer.StartId];
    }

    public TaskDefinition Task { get; }
    public PromptMode Mode { get; }
    public int NPromptTokens { get; }

    /// <summary>
    /// The longest sequence the model sees; in cat mode that includes the prepended prompt rows, so
    /// the input ids may hold at most <c>MaxLength − NPromptTokens</c> tokens.
    /// </summary>
    public int MaxLength { get; }

    /// <summary>Class index → the token id whose MLM logit scores that class.</summary>
    public IReadOnlyList<int> VerbalizerIds { get; }

    private bool UsesPlaceholders => Mode == PromptMode.Add && NPromptTokens > 0;
    private int MaxInputIds => Mode == PromptMode.Cat ? MaxLength - NPromptTokens : MaxLength;

    /// <summary>Encodes one example; throws <see cref="InvalidDataException"/> if it is too long.</summary>
    public EncodedExample Encode(LabeledText example) =>
        TryEncode(example, out var encoded, out int length)
            ? encoded
            : throw TooLong(example, length, index: null);

    /// <summary>Encodes every example; throws <see cref="InvalidDataException"/> naming the first one that is too long.</summary>
    public IReadOnlyList<EncodedExample> EncodeAll(IEnumerable<LabeledText> examples) =>
        EncodeAll(examples, dropTooLong: false).Examples;

    /// <summary>
    /// Encodes every example. With <paramref name="dropTooLong"/> the examples over
    /// <see cref="MaxLength"/> are skipped and reported, as the reference drops inputs over 512 tokens.
    /// </summary>
    public EncodedSet EncodeAll(IEnumerable<LabeledText> examples, bool dropTooLong)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var kept = new List<EncodedExample>();
        var dropped = new List<int>();
        int index = 0;
        foreach (var example in examples)
        {
            if (TryEncode(example, out var encoded, out int length)) kept.Add(encoded);
            else if (dropTooLong) dropped.Add(index);
            else throw TooLong(example, length, index);
            index++;
        }
        return new EncodedSet(kept, dropped);
    }

    private bool TryEncode(LabeledText example, out EncodedExample encoded, out int length)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (example.Label < 0 || example.Label >= Task.NumClasses)
            throw new ArgumentException($"Label {example.Label} is not a class of task '{Task.Name}' (0..{Task.NumClasses - 1}).", nameof(example));

        string filled = Task.Fill(example);
        int[] body = _tokenizer.EncodeWithoutSpecials(UsesPlaceholders ? Task.PromptSeparator + filled : filled);
        int[] ids = [.. _prefix, .. body, _tokenizer.EndId];
        length = ids.Length;
        encoded = new EncodedExample(ids, Array.IndexOf(ids, _tokenizer.MaskId), example.Label);
        return ids.Length <= MaxInputIds;
    }

    private InvalidDataException TooLong(LabeledText example, int length, int? index)
    {
        string text = example.TextB is null ? example.TextA : example.TextA + " | " + example.TextB;
        string excerpt = text.Length > 80 ? text[..80] + "…" : text;
        string which = index is int i ? $"Example {i}" : "An example";
        return new InvalidDataException(
            $"{which} of task '{Task.Name}' is {length} tokens long, over the limit of {MaxInputIds} " +
            $"({Mode} mode, {NPromptTokens} prompt tokens, max length {MaxLength}): \"{excerpt}\". " +
            "The reference drops such examples; encode with dropTooLong: true to do the same.");
    }

    private static int[] VerbalizerIdsOf(IModelTokenizer tokenizer, TaskDefinition task, bool leadingSpace)
    {
        var ids = new int[task.NumClasses];
        for (int c = 0; c < ids.Length; c++)
        {
            string word = task.LabelWords[c];
            try
            {
                ids[c] = tokenizer.VerbalizerTokenId(word, leadingSpace);
            }
            catch (ArgumentException e)
            {
                throw new TaskDefinitionException($"Task '{task.Name}', class {c}: {e.Message}", e);
            }
            int other = Array.IndexOf(ids, ids[c], 0, c);
            if (other >= 0)
            {
                throw new TaskDefinitionException(
                    $"Task '{task.Name}': the label words '{task.LabelWords[other]}' and '{word}' start with the same " +
                    $"token (id {ids[c]}{(leadingSpace && tokenizer.Kind == TokenizerKind.ByteLevelBpe ? ", with a leading space" : "")}), so the classes cannot be told apart.");
            }
        }
        return ids;
    }
}
