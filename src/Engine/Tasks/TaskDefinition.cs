namespace FedBpt.Engine.Tasks;

/// <summary>
/// A cloze classification task: how to read its data files, how to turn an example into text
/// (template with one <c>&lt;mask&gt;</c>) and which word stands for each class (verbalizer).
/// Immutable; collections are copied on initialisation. Call <see cref="Validate"/> before use.
/// </summary>
public sealed class TaskDefinition
{
    private readonly string _template = "";
    private readonly TaskTemplate _parsed = TaskTemplate.Parse("");
    private readonly IReadOnlyList<string> _labelWords = [];
    private readonly IReadOnlyDictionary<string, int> _labelValues = new Dictionary<string, int>();
    private IReadOnlyDictionary<string, string> _splitFiles = new Dictionary<string, string>();

    /// <summary>Short identifier; also the data folder name under a data root (<c>&lt;root&gt;/&lt;name&gt;/&lt;split&gt;.tsv</c>).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The text without the prompt part, e.g. <c>{text_a} . It was &lt;mask&gt; .</c>; <c>{text}</c> is an
    /// alias of <c>{text_a}</c>, <c>{text_b}</c> is the second text of pair tasks.
    /// </summary>
    public required string Template
    {
        get => _template;
        init
        {
            _template = value;
            _parsed = TaskTemplate.Parse(value ?? "");
        }
    }

    /// <summary>What goes between the prompt placeholders and the filled template in add mode (" . " except DBpedia's " ").</summary>
    public string PromptSeparator { get; init; } = " . ";

    /// <summary>Class index → verbalizer word; its count is the number of classes.</summary>
    public required IReadOnlyList<string> LabelWords
    {
        get => _labelWords;
        init => _labelWords = Array.AsReadOnly(value.ToArray());
    }

    public TaskMetric Metric { get; init; } = TaskMetric.Accuracy;

    /// <summary>The class F1 is computed for when <see cref="Metric"/> is <see cref="TaskMetric.F1"/>.</summary>
    public int PositiveClass { get; init; } = 1;

    public required string TrainSplit { get; init; }
    public required string TestSplit { get; init; }
    public required string TextAColumn { get; init; }
    public string? TextBColumn { get; init; }
    public required string LabelColumn { get; init; }

    /// <summary>Raw label value in the data file → class index (e.g. RTE "entailment" → 0).</summary>
    public required IReadOnlyDictionary<string, int> LabelValues
    {
        get => _labelValues;
        init => _labelValues = new Dictionary<string, int>(value, StringComparer.Ordinal).AsReadOnly();
    }

    /// <summary>Applied to each text before template filling (e.g. Yelp's literal "\n", DBpedia's strip()).</summary>
    public Func<string, string>? Normalizer { get; init; }

    /// <summary>
    /// Explicit files for splits (custom tasks; a folder of Parquet shards for a split from the Hub); splits not listed
    /// are searched under the data roots.
    /// </summary>
    public IReadOnlyDictionary<string, string> SplitFiles
    {
        get => _splitFiles;
        init => _splitFiles = new Dictionary<string, string>(value, StringComparer.Ordinal).AsReadOnly();
    }

    /// <summary>This task with <paramref name="files"/> as its explicit split files (e.g. splits fetched from the Hub).</summary>
    public TaskDefinition WithSplitFiles(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var copy = (TaskDefinition)MemberwiseClone();
        copy._splitFiles = new Dictionary<string, string>(files, StringComparer.Ordinal).AsReadOnly();
        return copy;
    }

    public int NumClasses => LabelWords.Count;

    /// <summary>The test metric with its positive class, as the scorer takes it.</summary>
    public ScoreMetric ScoreMetric => new(Metric, PositiveClass);
    public bool IsPair => TextBColumn is not null;

    /// <summary>
    /// The template filled with the example's normalised texts (no prompt part). Texts are otherwise used exactly as
    /// read, as the reference does: SST-2's trailing space stays (the spec's <c>trimText</c> removes it before this).
    /// </summary>
    public string Fill(LabeledText example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return _parsed.Fill(Prepare(example.TextA), example.TextB is null ? null : Prepare(example.TextB));
    }

    /// <summary>Throws <see cref="TaskDefinitionException"/> naming the first problem found.</summary>
    public void Validate()
    {
        string where = $"Task '{Name}'";
        if (string.IsNullOrWhiteSpace(Name)) throw new TaskDefinitionException("A task needs a non-empty name.");
        if (_parsed.MaskCount == 0)
            throw new TaskDefinitionException($"{where}: the template '{Template}' has no <mask>; exactly one is needed.");
        if (_parsed.MaskCount > 1)
            throw new TaskDefinitionException($"{where}: the template '{Template}' has {_parsed.MaskCount} <mask> tokens; exactly one is needed.");
        if (_parsed.UnknownPlaceholders.Count > 0)
            throw new TaskDefinitionException(
                $"{where}: the template uses unknown placeholder(s) {string.Join(", ", _parsed.UnknownPlaceholders)}; use {{text_a}} (or {{text}}) and {{text_b}}.");
        if (!_parsed.UsesTextA)
            throw new TaskDefinitionException($"{where}: the template '{Template}' has no {{text_a}} (or {{text}}) placeholder.");
        if (IsPair && !_parsed.UsesTextB)
            throw new TaskDefinitionException($"{where}: it reads a second text column '{TextBColumn}', so the template needs a {{text_b}} placeholder.");
        if (!IsPair && _parsed.UsesTextB)
            throw new TaskDefinitionException($"{where}: the template uses {{text_b}} but no second text column is set.");
        if (LabelWords.Count < 2)
            throw new TaskDefinitionException($"{where}: it needs at least 2 label words, got {LabelWords.Count}.");
        ValidateWords(where);
        ValidateColumns(where);
        ValidateLabelValues(where);
        if (PositiveClass < 0 || PositiveClass >= NumClasses)
            throw new TaskDefinitionException($"{where}: the positive class {PositiveClass} is not a class index (0..{NumClasses - 1}).");
        if (string.IsNullOrWhiteSpace(TrainSplit) || string.IsNullOrWhiteSpace(TestSplit))
            throw new TaskDefinitionException($"{where}: the train and test split names must not be empty.");
    }

    private void ValidateWords(string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < LabelWords.Count; i++)
        {
            string word = LabelWords[i];
            if (string.IsNullOrWhiteSpace(word))
                throw new TaskDefinitionException($"{where}: the label word of class {i} is empty.");
            if (!seen.Add(word))
                throw new TaskDefinitionException($"{where}: the label word '{word}' is used by more than one class.");
        }
    }

    private void ValidateColumns(string where)
    {
        string?[] columns = [TextAColumn, TextBColumn, LabelColumn];
        if (string.IsNullOrWhiteSpace(TextAColumn) || string.IsNullOrWhiteSpace(LabelColumn) || TextBColumn is { Length: 0 })
            throw new TaskDefinitionException($"{where}: the text and label column names must not be empty.");
        if (columns.Where(c => c is not null).Distinct(StringComparer.Ordinal).Count() != columns.Count(c => c is not null))
            throw new TaskDefinitionException($"{where}: the text and label columns must be different columns.");
    }

    private void ValidateLabelValues(string where)
    {
        foreach (var (raw, index) in LabelValues)
        {
            if (index < 0 || index >= NumClasses)
                throw new TaskDefinitionException($"{where}: the label value '{raw}' maps to class {index}, but the classes are 0..{NumClasses - 1}.");
        }
        for (int c = 0; c < NumClasses; c++)
        {
            if (!LabelValues.Values.Contains(c))
                throw new TaskDefinitionException($"{where}: no label value maps to class {c} ('{LabelWords[c]}').");
        }
    }

    private string Prepare(string text) => Normalizer is null ? text : Normalizer(text);
}
