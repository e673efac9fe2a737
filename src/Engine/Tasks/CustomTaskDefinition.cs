using FedBpt.Engine.Data;
using FedBpt.Engine.Text;

namespace FedBpt.Engine.Tasks;

/// <summary>
/// Builds and checks a <see cref="TaskDefinition"/> from a <see cref="CustomTaskSpec"/>: the template,
/// the verbalizer words against the vocabulary, and the files themselves (columns present, every label
/// mapped, at least one row). All problems surface as <see cref="TaskDefinitionException"/>s.
/// </summary>
public static class CustomTaskDefinition
{
    public const string TrainSplit = "train";
    public const string TestSplit = "test";

    public static TaskDefinition Create(CustomTaskSpec spec, IModelTokenizer tokenizer) => CreateCounting(spec, tokenizer).Task;

    /// <summary>Like <see cref="Create"/>, with the data rows of each file, counted by the same single read that checks it.</summary>
    public static (TaskDefinition Task, IReadOnlyDictionary<string, int> Rows) CreateCounting(CustomTaskSpec spec, IModelTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (TaskCatalog.TryGet(spec.Name, out _))
            throw new TaskDefinitionException($"Task name '{spec.Name}' is taken by a built-in task; choose another name.");
        if (spec.Labels is null || spec.Labels.Count == 0)
            throw new TaskDefinitionException($"Task '{spec.Name}': no labels are mapped to words.");
        string? repeated = spec.Labels.GroupBy(l => l.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
            throw new TaskDefinitionException($"Task '{spec.Name}': the label '{repeated}' is mapped more than once.");

        var task = new TaskDefinition
        {
            Name = spec.Name,
            Template = spec.Template,
            LabelWords = spec.Labels.Select(l => l.Word).ToArray(),
            Metric = spec.Metric,
            PositiveClass = spec.PositiveClass,
            TrainSplit = TrainSplit,
            TestSplit = TestSplit,
            TextAColumn = spec.TextAColumn,
            TextBColumn = string.IsNullOrWhiteSpace(spec.TextBColumn) ? null : spec.TextBColumn,
            LabelColumn = spec.LabelColumn,
            LabelValues = spec.Labels.Select((l, i) => (l.Label, i)).ToDictionary(p => p.Label, p => p.i, StringComparer.Ordinal),
            SplitFiles = new Dictionary<string, string>
            {
                [TrainSplit] = spec.TrainFile,
                [TestSplit] = spec.TestFile ?? spec.TrainFile,
            },
        };
        task.Validate();
        CheckWords(task, tokenizer);
        var rows = task.SplitFiles.Values.Distinct(StringComparer.Ordinal).ToDictionary(file => file, file => CheckFile(task, file));
        return (task, rows);
    }

    private static void CheckWords(TaskDefinition task, IModelTokenizer tokenizer)
    {
        for (int c = 0; c < task.NumClasses; c++)
        {
            string word = task.LabelWords[c];
            try
            {
                tokenizer.VerbalizerTokenId(word, leadingSpace: false);
            }
            catch (ArgumentException e)
            {
                throw new TaskDefinitionException(
                    $"Task '{task.Name}': the word '{word}' for label '{LabelOf(task, c)}' is not in the vocabulary. {e.Message}", e);
            }
        }
    }

    /// <summary>Reads the file once and checks it; returns its number of data rows.</summary>
    private static int CheckFile(TaskDefinition task, string path)
    {
        if (ParquetSplitReader.Handles(path))
        {
            // The reader checks the columns and maps every label (by value or by the file's class names) as a run would.
            try
            {
                return ParquetSplitReader.Read(task, path).Count;
            }
            catch (DataFormatException e)
            {
                throw new TaskDefinitionException($"Task '{task.Name}': {e.Message}", e);
            }
        }
        DelimitedTable table;
        try
        {
            table = DelimitedFile.Read(path);
        }
        catch (Exception e) when (e is DataFormatException or IOException)
        {
            throw new TaskDefinitionException($"Task '{task.Name}': {e.Message}", e);
        }
        if (table.Rows.Count == 0)
            throw new TaskDefinitionException($"Task '{task.Name}': '{path}' is empty: it has a header but no data rows.");
        foreach (string? column in new[] { task.TextAColumn, task.TextBColumn, task.LabelColumn })
        {
            if (column is not null && !table.HasColumn(column))
                throw new TaskDefinitionException(
                    $"Task '{task.Name}': '{path}' has no column '{column}'. Available columns: {string.Join(", ", table.Header)}.");
        }
        int labelIndex = table.ColumnIndex(task.LabelColumn);
        var unmapped = table.Rows
            .Select(r => (r.LineNumber, Label: r.Fields[labelIndex].Trim()))
            .Where(r => !task.LabelValues.ContainsKey(r.Label))
            .ToList();
        if (unmapped.Count > 0)
        {
            string values = string.Join(", ", unmapped.Select(u => $"'{u.Label}'").Distinct().Take(10));
            throw new TaskDefinitionException(
                $"Task '{task.Name}': '{path}' has {unmapped.Count} row(s) whose label is not mapped to a word " +
                $"(first at line {unmapped[0].LineNumber}); unmapped labels: {values}. Mapped labels: {string.Join(", ", task.LabelValues.Keys)}.");
        }
        return table.Rows.Count;
    }

    private static string LabelOf(TaskDefinition task, int classIndex) =>
        task.LabelValues.First(p => p.Value == classIndex).Key;
}
