namespace FedBpt.Engine.Tasks;

/// <summary>
/// The built-in tasks of FedBPT/BBT (reference §2.4, BBT <c>dataloaders/dataloader.py</c>): templates
/// without the "&lt;P&gt; . " prompt part, verbalizers, splits, and the columns of the TSV files in
/// shared/data (see its README). Verbalizer words are tokenized without a leading space by default.
/// </summary>
public static class TaskCatalog
{
    private const string SentenceTemplate = "{text_a} . It was <mask> .";
    private const string PairTemplate = "{text_a} ? <mask> , {text_b}";

    public static IReadOnlyList<TaskDefinition> All { get; } =
    [
        new TaskDefinition
        {
            Name = "sst2",
            Template = SentenceTemplate,
            LabelWords = ["bad", "great"],
            TrainSplit = "train",
            TestSplit = "dev", // GLUE validation is the test set
            TextAColumn = "sentence",
            LabelColumn = "label",
            LabelValues = Indexed("0", "1"),
        },
        new TaskDefinition
        {
            Name = "yelpp",
            Template = SentenceTemplate,
            LabelWords = ["bad", "great"],
            TrainSplit = "train",
            TestSplit = "test",
            TextAColumn = "text",
            LabelColumn = "label",
            LabelValues = Indexed("0", "1"),
            // Yelp reviews hold a literal backslash-n for line breaks; the reference replaces it by a space.
            Normalizer = text => text.Replace("\\n", " ", StringComparison.Ordinal),
        },
        new TaskDefinition
        {
            Name = "agnews",
            // No normaliser: the reference feeds Hugging Face's text as is, literal backslashes and "#36;" included.
            Template = "<mask> News: {text_a}",
            LabelWords = ["World", "Sports", "Business", "Tech"],
            TrainSplit = "train",
            TestSplit = "test",
            TextAColumn = "text",
            LabelColumn = "label",
            LabelValues = Indexed("0", "1", "2", "3"),
        },
        new TaskDefinition
        {
            Name = "dbpedia",
            Template = "[ Category: <mask> ] {text_a}",
            PromptSeparator = " ", // the reference writes "<P> [ Category: ...", without " . "
            Normalizer = text => text.Trim(), // the reference's content.strip()
            LabelWords =
            [
                "Company", "Education", "Artist", "Athlete", "Office", "Transportation", "Building",
                "Natural", "Village", "Animal", "Plant", "Album", "Film", "Written",
            ],
            TrainSplit = "train",
            TestSplit = "test",
            TextAColumn = "content",
            LabelColumn = "label",
            LabelValues = Indexed(Enumerable.Range(0, 14).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
        },
        new TaskDefinition
        {
            Name = "mrpc",
            Template = PairTemplate,
            LabelWords = ["No", "Yes"],
            Metric = TaskMetric.F1,
            PositiveClass = 1,
            TrainSplit = "train",
            TestSplit = "dev",
            TextAColumn = "sentence1",
            TextBColumn = "sentence2",
            LabelColumn = "label",
            LabelValues = Indexed("0", "1"),
        },
        new TaskDefinition
        {
            Name = "rte",
            Template = PairTemplate,
            LabelWords = ["Yes", "No"],
            TrainSplit = "train",
            TestSplit = "dev",
            TextAColumn = "sentence1",
            TextBColumn = "sentence2",
            LabelColumn = "label",
            LabelValues = Indexed("entailment", "not_entailment"),
        },
        new TaskDefinition
        {
            // shared/data has no SNLI train split (only dev/test): loading "train" fails with the available splits listed.
            Name = "snli",
            Template = PairTemplate,
            LabelWords = ["Yes", "Maybe", "No"],
            TrainSplit = "train",
            TestSplit = "test",
            TextAColumn = "premise",
            TextBColumn = "hypothesis",
            LabelColumn = "label",
            LabelValues = Indexed("0", "1", "2"),
        },
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(t => t.Name).ToArray();

    /// <summary>The built-in task called <paramref name="name"/> (case-insensitive).</summary>
    public static TaskDefinition Get(string name) =>
        TryGet(name, out var task)
            ? task
            : throw new KeyNotFoundException($"Unknown task '{name}'. Known tasks: {string.Join(", ", Names)}.");

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskDefinition? task)
    {
        task = All.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return task is not null;
    }

    private static Dictionary<string, int> Indexed(params string[] rawLabels) =>
        rawLabels.Select((raw, index) => (raw, index)).ToDictionary(p => p.raw, p => p.index, StringComparer.Ordinal);
}
