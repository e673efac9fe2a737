using FedBpt.Engine.Configuration;
using FedBpt.Web.Configuration;

namespace FedBpt.Web.Tests.Configuration;

public sealed class FedBptOptionsValidatorTests
{
    private static FedBptOptions Valid() => new() { ModelRoots = ["models"], DataRoots = ["data"] };

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData("CUDA")]
    [InlineData("cuda:1")]
    public void Known_devices_pass(string device)
    {
        var options = Valid();
        options.Device = device;
        Assert.True(new FedBptOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Each_problem_is_reported()
    {
        var options = new FedBptOptions { Device = "gpu", Workers = 0, Threads = -1, MaxTokensPerForward = 8 };

        var result = new FedBptOptionsValidator().Validate(null, options);

        // Each message starts with the key it is about; empty root lists are problems too.
        Assert.Equal(["FedBpt:ModelRoots", "FedBpt:DataRoots", "FedBpt:Device", "FedBpt:Workers", "FedBpt:Threads", "FedBpt:MaxTokensPerForward"],
            result.Failures!.Select(f => f.Split(' ')[0]));
    }

    [Fact]
    public void Every_bad_entry_of_FedBpt_Devices_is_reported_with_its_key()
    {
        var options = Valid();
        options.Devices = ["cuda:0", "gpu1", "cpu", "cuda:x"];
        var failures = new FedBptOptionsValidator().Validate(null, options).Failures!;
        Assert.Equal(["FedBpt:Devices has 'gpu1'", "FedBpt:Devices has 'cuda:x'"], failures.Select(f => f[..f.IndexOf(',', StringComparison.Ordinal)]));

        options.Devices = ["cpu", "CPU", "cuda:1"];
        Assert.True(new FedBptOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_tracking_uri_that_is_not_an_http_url_stops_the_app_with_its_key()
    {
        var options = Valid();
        options.Mlflow.TrackingUri = "file:///tmp/mlruns";
        var failure = Assert.Single(new FedBptOptionsValidator().Validate(null, options).Failures!);
        Assert.StartsWith("FedBpt:Mlflow:TrackingUri 'file:///tmp/mlruns' is not an http(s) URL", failure, StringComparison.Ordinal);
    }
}
