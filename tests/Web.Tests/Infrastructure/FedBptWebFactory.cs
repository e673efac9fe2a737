using FedBpt.Tests.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FedBpt.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a test server, with its own database file, the shared tiny model and data, the CPU and one
/// libtorch thread (several threads on a busy 2-core machine wait on each other far more than they gain). The Hub is
/// off (offline, an empty cache of its own) unless <paramref name="settings"/> point it at a stub.
/// </summary>
public sealed class FedBptWebFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:FedBpt", connectionString);
        builder.UseSetting("FedBpt:ModelRoots:0", SharedPaths.Models);
        builder.UseSetting("FedBpt:ModelRoots:1", SharedPaths.Models);
        builder.UseSetting("FedBpt:DataRoots:0", SharedPaths.Data);
        builder.UseSetting("FedBpt:DataRoots:1", SharedPaths.Data);
        builder.UseSetting("FedBpt:Device", "cpu");
        builder.UseSetting("FedBpt:Threads", "1");
        builder.UseSetting("FedBpt:Hub:Offline", "true");
        builder.UseSetting("FedBpt:Hub:Cache", Path.Combine(Path.GetTempPath(), "fedbpt-web-tests", "empty-hub-cache"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}

/// <summary>A host and its database for a test class.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public FedBptWebFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string DatabasePath => _database.Path;

    public Task InitializeAsync()
    {
        Factory = new FedBptWebFactory(_database.ConnectionString);
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        _database.Dispose();
    }
}
