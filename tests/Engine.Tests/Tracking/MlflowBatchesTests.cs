using System.Text.Json;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Tracking.Mlflow;

namespace FedBpt.Engine.Tests.Tracking;

public sealed class MlflowBatchesTests
{
    [Fact]
    public void Batches_keep_every_item_in_order_within_MLflows_per_request_limits()
    {
        var metrics = Enumerable.Range(0, 2500).Select(i => new MlflowMetric($"m{i % 8}", i, 1000 + i, i / 8)).ToArray();
        var parameters = Enumerable.Range(0, 250).Select(i => KeyValuePair.Create($"p{i}", $"{i}")).ToArray();
        var tags = Enumerable.Range(0, 120).Select(i => KeyValuePair.Create($"t{i}", $"{i}")).ToArray();

        var batches = MlflowBatches.Split(metrics, parameters, tags).ToArray();

        Assert.All(batches, b =>
        {
            Assert.InRange(b.Metrics.Count, 0, 1000);
            Assert.InRange(b.Params.Count, 0, 100);
            Assert.InRange(b.Tags.Count, 0, 100);
            Assert.InRange(b.Metrics.Count + b.Params.Count + b.Tags.Count, 1, 1000);
        });
        Assert.Equal(metrics, batches.SelectMany(b => b.Metrics));
        Assert.Equal(parameters, batches.SelectMany(b => b.Params));
        Assert.Equal(tags, batches.SelectMany(b => b.Tags));
        Assert.Equal(3, batches.Length); // 250 params need three requests; the metrics fit in the same three
    }

    [Fact]
    public void Nothing_to_log_makes_no_request() => Assert.Empty(MlflowBatches.Split([]));

    [Fact]
    public void The_params_are_the_specs_keys_with_their_json_values()
    {
        var spec = new ExperimentSpec { NumClients = 3, Sigma = 0.5, EvalClients = ["site-1", "site-2"] };
        var parameters = SpecParams.Of(spec).ToDictionary(p => p.Key, p => p.Value);

        using var json = JsonDocument.Parse(spec.ToJson());
        Assert.Equal(json.RootElement.EnumerateObject().Select(p => p.Name).Order(), parameters.Keys.Order());
        Assert.Equal("3", parameters["numClients"]);
        Assert.Equal("0.5", parameters["sigma"]);
        Assert.Equal("fedbpt", parameters["algorithm"]);
        Assert.Equal("true", parameters["iid"]);
        Assert.Equal("""["site-1","site-2"]""", parameters["evalClients"]);
    }

    [Fact]
    public void Settings_come_from_the_options_then_MLflows_environment_variables()
    {
        var env = new Dictionary<string, string?>
        {
            ["MLFLOW_TRACKING_URI"] = "http://env-host:5000",
            ["MLFLOW_EXPERIMENT_NAME"] = "from-env",
            ["MLFLOW_TRACKING_TOKEN"] = "secret-token",
        };
        Assert.Null(MlflowSettings.Resolve(new MlflowOptions(), _ => null));

        var fromEnv = MlflowSettings.Resolve(new MlflowOptions(), k => env.GetValueOrDefault(k))!;
        Assert.Equal(new Uri("http://env-host:5000/"), fromEnv.TrackingUri);
        Assert.Equal("from-env", fromEnv.ExperimentName);
        Assert.Equal("secret-token", fromEnv.Token);
        Assert.DoesNotContain("secret", fromEnv.ToString(), StringComparison.Ordinal);

        var configured = MlflowSettings.Resolve(new MlflowOptions { TrackingUri = "https://mlflow.example/prefix", ExperimentName = "team" },
            k => env.GetValueOrDefault(k))!;
        Assert.Equal(new Uri("https://mlflow.example/prefix/"), configured.TrackingUri);
        Assert.Equal("team", configured.ExperimentName);
        Assert.Equal(MlflowSettings.DefaultExperiment, MlflowSettings.Resolve(new MlflowOptions { TrackingUri = "http://h" }, _ => null)!.ExperimentName);

        var flag = MlflowSettings.Resolve(new MlflowOptions { TrackingUri = "http://config" }, _ => null, uriOverride: "http://flag:1")!;
        Assert.Equal("flag", flag.TrackingUri.Host);
    }

    [Theory]
    [InlineData("file:///tmp/mlruns")]
    [InlineData("databricks")]
    [InlineData("127.0.0.1:5000")]
    public void A_tracking_uri_that_is_not_an_http_url_is_refused_naming_where_it_came_from(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => MlflowSettings.Resolve(new MlflowOptions(), k => k == "MLFLOW_TRACKING_URI" ? uri : null));
        Assert.StartsWith($"MLFLOW_TRACKING_URI '{uri}'", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => MlflowSettings.Resolve(new MlflowOptions { TrackingUri = uri }, _ => null));
        Assert.StartsWith("FedBpt:Mlflow:TrackingUri", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://mlflow.example:5000/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("s3://bucket/1/abc/artifacts", null)]
    [InlineData("/var/mlruns/1/abc/artifacts", null)]
    public void Only_artifact_roots_served_by_the_tracking_server_are_uploaded_to(string root, string? path) =>
        Assert.Equal(path, MlflowClient.ProxiedArtifactPath(root));
}
