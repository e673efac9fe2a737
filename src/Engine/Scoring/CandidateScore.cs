namespace FedBpt.Engine.Scoring;

/// <summary>
/// How one candidate prompt did on a shard: mean loss, accuracy, and the task metric
/// (accuracy, or F1 of class 1 for MRPC).
/// </summary>
public readonly record struct CandidateScore(double Loss, double Accuracy, double Metric);
