using FedBpt.Engine.Configuration;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Tests.Configuration;

public sealed class StartupTests
{
    [Fact]
    public void Invalid_settings_stop_the_app_at_start()
    {
        using var database = new TempDatabase();
        using var factory = new FedBptWebFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["FedBpt:Workers"] = "0",
            ["FedBpt:Device"] = "tpu",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.InnerException : error);
        Assert.Contains(validation.Failures, f => f.Contains("FedBpt:Workers", StringComparison.Ordinal));
        Assert.Contains(validation.Failures, f => f.Contains("FedBpt:Device", StringComparison.Ordinal));
    }

    [Fact]
    public void Relative_roots_resolve_against_the_folder_of_appsettings_json()
    {
        using var database = new TempDatabase();
        using var factory = new FedBptWebFactory(database.ConnectionString);

        var options = factory.Services.GetRequiredService<IOptions<FedBptOptions>>().Value;
        var environment = factory.Services.GetRequiredService<IHostEnvironment>();

        Assert.Equal(FedBpt.Tests.Common.SharedPaths.RepositoryRoot, environment.ContentRootPath.TrimEnd(Path.DirectorySeparatorChar));
        Assert.Equal(environment.ContentRootPath, options.BasePath);
        Assert.True(File.Exists(Path.Combine(options.BasePath!, "appsettings.json")));
    }
}
