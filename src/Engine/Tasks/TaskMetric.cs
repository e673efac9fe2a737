namespace FedBpt.Engine.Tasks;

/// <summary>The metric a task reports: accuracy, or F1 of class 1 (MRPC).</summary>
public enum TaskMetric
{
    Accuracy,
    F1,
}
