using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Data;

/// <summary>What a split holds, for display: its file, row count and examples per class (in class order).</summary>
public sealed record SplitSummary(string Task, string Split, string Path, int Rows, IReadOnlyList<int> LabelCounts)
{
    public static SplitSummary Of(TaskDefinition task, string split, string path, IReadOnlyList<LabeledText> examples)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(examples);
        var counts = new int[task.NumClasses];
        foreach (var example in examples) counts[example.Label]++;
        return new SplitSummary(task.Name, split, path, examples.Count, counts);
    }
}
