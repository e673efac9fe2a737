using System.Net;
using FedBpt.Tests.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBpt.E2E.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel, in this process, on a free loopback port (WebApplicationFactory's Kestrel mode,
/// new in .NET 10): the same Program, pipeline and static files as <c>dotnet run</c>, with its own SQLite file,
/// the shared tiny model and data, the CPU and one libtorch thread. Nothing to publish or spawn, no port to guess,
/// and the server stops with the test run.
/// </summary>
public sealed class LiveApp : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"fedbpt-e2e-{Guid.NewGuid():N}.db");

    public LiveApp()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The server's warnings and errors.</summary>
    public ServerLog Log { get; } = new();

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseUrl = addresses.First().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:FedBpt", $"Data Source={_database}");
        builder.UseSetting("FedBpt:ModelRoots:0", SharedPaths.Models);
        builder.UseSetting("FedBpt:ModelRoots:1", SharedPaths.Models); // replaces appsettings.json's second root
        builder.UseSetting("FedBpt:DataRoots:0", SharedPaths.Data);
        builder.UseSetting("FedBpt:DataRoots:1", SharedPaths.Data);
        builder.UseSetting("FedBpt:Device", "cpu");
        builder.UseSetting("FedBpt:Threads", "1");
        // Offline over an empty Hugging Face cache: the browser tests never reach a Hub or read the machine's cache.
        builder.UseSetting("FedBpt:Hub:Offline", "true");
        builder.UseSetting("FedBpt:Hub:Cache", Path.Combine(Path.GetTempPath(), "fedbpt-e2e-hub-cache"));
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDatabase();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteDatabase();
    }

    private void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }
}
