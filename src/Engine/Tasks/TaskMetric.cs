namespace FedBpt.Engine.Tasks;

/// <summary>The test metric of a task (reference §2.4): accuracy, or binary F1 of the positive class (MRPC).</summary>
public enum TaskMetric
{
    Accuracy,
    F1,
}
