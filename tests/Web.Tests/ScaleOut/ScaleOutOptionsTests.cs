using FedBpt.Web.Configuration;
using FedBpt.Web.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Tests.ScaleOut;

public sealed class ScaleOutOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void By_default_a_process_does_everything_and_serves_the_shared_queue()
    {
        var options = Config().ReadScaleOut();

        Assert.Equal(FedBptRole.All, options.Role);
        Assert.Equal([JobQueues.Engine], options.ServedQueues());
    }

    [Fact]
    public void A_worker_serves_its_named_queues_then_the_shared_one()
    {
        var options = Config(("FedBpt:Database:Provider", "postgres"), ("FedBpt:Role", "Worker"),
            ("FedBpt:Queues:0", "gpu"), ("FedBpt:Queues:1", "cpu_big")).ReadScaleOut();

        Assert.Equal(FedBptRole.Worker, options.Role);
        Assert.Equal(["gpu", "cpu_big", JobQueues.Engine], options.ServedQueues());
    }

    [Theory]
    [InlineData("FedBpt:Role", "janitor", "FedBpt:Role is 'janitor'")]
    [InlineData("FedBpt:Queues:0", "GPU!", "FedBpt:Queues: 'GPU!' is not a queue name")]
    [InlineData("FedBpt:JobInvisibilitySeconds", "3", "FedBpt:JobInvisibilitySeconds must be at least 10")]
    [InlineData("FedBpt:LivePollSeconds", "0", "FedBpt:LivePollSeconds must be a number of seconds from 0.2 to 600")]
    [InlineData("FedBpt:LivePollSeconds", "soon", "FedBpt:LivePollSeconds must be a number of seconds from 0.2 to 600")]
    public void Bad_settings_stop_start_up_naming_the_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Config(("FedBpt:Database:Provider", "postgres"), (key, value)).ReadScaleOut());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void Web_and_worker_roles_need_the_shared_postgres_database(string role)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Config(("FedBpt:Role", role)).ReadScaleOut());
        Assert.Contains("FedBpt:Database:Provider", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "all", false)]
    [InlineData("postgres", "all", true)]
    [InlineData("postgres", "web", true)]
    [InlineData("postgres", "worker", false)]
    public void Only_a_process_that_shows_pages_on_a_shared_database_watches_other_processes_runs(string provider, string role, bool watches)
    {
        var config = Config(("FedBpt:Database:Provider", provider), ("FedBpt:Role", role));
        Assert.Equal(watches, config.ReadScaleOut().SharesRunsWithOtherProcesses(config));
    }
}
