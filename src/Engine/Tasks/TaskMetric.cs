namespace FedBpt.Engine.Tasks;

/// <summary>The test metric of a task (reference §2.4): accuracy, or binary F1 of the positive class (MRPC).</summary>
public enum TaskMetric
{
    Accuracy,
    F1,
}

/// <summary>What scores are judged by: the metric and, for F1, the class that counts as positive.</summary>
public readonly record struct ScoreMetric(TaskMetric Kind, int PositiveClass)
{
    /// <summary>Accuracy (the default of <c>default(ScoreMetric)</c> too).</summary>
    public static ScoreMetric Accuracy => new(TaskMetric.Accuracy, 0);
}
