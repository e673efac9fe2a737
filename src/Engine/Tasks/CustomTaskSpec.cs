namespace FedBpt.Engine.Tasks;

/// <summary>A label as it appears in a custom task's data file and the word that stands for it.</summary>
public sealed record LabelWord(string Label, string Word);

/// <summary>
/// What a user gives to define a task over their own TSV (tab-split, no quoting) or CSV (RFC 4180)
/// file. The order of <paramref name="Labels"/> fixes the class indices. Without a
/// <paramref name="TestFile"/> the task is evaluated on its training file, which overlaps the few-shot
/// sample; give a held-out file for honest numbers.
/// </summary>
public sealed record CustomTaskSpec(
    string Name,
    string TrainFile,
    string? TestFile,
    string TextAColumn,
    string? TextBColumn,
    string LabelColumn,
    string Template,
    IReadOnlyList<LabelWord> Labels,
    TaskMetric Metric = TaskMetric.Accuracy,
    int PositiveClass = 1);
