using FedBpt.Engine.Configuration;

namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>
/// Where and as whom runs are logged: <c>FedBpt:Mlflow:*</c> when set, else MLflow's own environment variables
/// (as its Python client reads them). Credentials come from the environment only, never from a settings file.
/// </summary>
public sealed record MlflowSettings(Uri TrackingUri, string ExperimentName, string? Token, string? Username, string? Password)
{
    public const string UriVariable = "MLFLOW_TRACKING_URI";
    public const string ExperimentVariable = "MLFLOW_EXPERIMENT_NAME";
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";
    public const string UsernameVariable = "MLFLOW_TRACKING_USERNAME";
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";
    public const string DefaultExperiment = "fedbpt";

    /// <summary>
    /// The settings, or null when no tracking URI is given anywhere. A URI that is not an absolute http(s) URL is an
    /// error naming where it came from (file stores and hosted-platform URIs need MLflow's own client).
    /// </summary>
    public static MlflowSettings? Resolve(MlflowOptions options, Func<string, string?>? environment = null, string? uriOverride = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var (uri, source) = Pick((uriOverride, "--mlflow"), (options.TrackingUri, "FedBpt:Mlflow:TrackingUri"), (environment(UriVariable), UriVariable));
        if (uri is null) return null;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{source} '{uri}' is not an http(s) URL of an MLflow tracking server (e.g. http://127.0.0.1:5000).");
        if (!parsed.AbsolutePath.EndsWith('/')) parsed = new Uri(parsed + "/"); // a server under a path prefix keeps it in the calls
        var (experiment, _) = Pick((options.ExperimentName, "FedBpt:Mlflow:ExperimentName"), (environment(ExperimentVariable), ExperimentVariable));
        return new MlflowSettings(parsed, experiment ?? DefaultExperiment, Blank(environment(TokenVariable)),
            Blank(environment(UsernameVariable)), Blank(environment(PasswordVariable)));
    }

    /// <summary>The MLflow UI page of a run.</summary>
    public Uri RunPage(string experimentId, string runId) => new(TrackingUri, $"#/experiments/{experimentId}/runs/{runId}");

    private static (string? Value, string Source) Pick(params (string? Value, string Source)[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Value)) is { Value: not null } hit ? (hit.Value.Trim(), hit.Source) : (null, "");

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Keep secrets out of logs and exception messages that print the record.
    public override string ToString() => $"MLflow {TrackingUri} experiment '{ExperimentName}'";
}
