namespace FedBpt.Engine.Configuration;

/// <summary><c>FedBpt:TensorBoard</c>: where the service writes event files (off when no directory is set).</summary>
public sealed class TensorBoardOptions
{
    /// <summary>Folder that gets <c>&lt;id&gt;-&lt;name&gt;/tb_events/site-1/</c> per run; relative to appsettings.json's folder.</summary>
    public string? Directory { get; set; }
}

/// <summary><c>FedBpt:Mlflow</c>: the MLflow tracking server runs are logged to (off when no URI is set here or in MLFLOW_TRACKING_URI).</summary>
public sealed class MlflowOptions
{
    /// <summary>http(s) URL of the tracking server; falls back to <c>MLFLOW_TRACKING_URI</c>.</summary>
    public string? TrackingUri { get; set; }

    /// <summary>MLflow experiment the runs go to; falls back to <c>MLFLOW_EXPERIMENT_NAME</c>, then <c>fedbpt</c>.</summary>
    public string? ExperimentName { get; set; }
}
