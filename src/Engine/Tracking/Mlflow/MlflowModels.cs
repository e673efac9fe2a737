namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>One metric value as <c>runs/log-batch</c> takes it (timestamp in Unix milliseconds).</summary>
public sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

/// <summary>The run a tracker logs to.</summary>
public sealed record MlflowRunInfo(string RunId, string ExperimentId, string Status, string? ArtifactUri, IReadOnlyDictionary<string, string> Params);

/// <summary>The statuses a run ends with (MLflow's RunStatus).</summary>
public static class MlflowRunStatus
{
    public const string Running = "RUNNING";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";
}

/// <summary>
/// Which MLflow run a FedBpt run is: <see cref="RunKey"/> is stored as the tag <c>fedbpt.run_key</c> and found again by a
/// search when the run resumes, in this process or another, so a resumed run continues the same MLflow run.
/// </summary>
public sealed record MlflowRunIdentity(string RunKey, string RunName, IReadOnlyDictionary<string, string>? Tags = null)
{
    public const string RunKeyTag = "fedbpt.run_key";
}
