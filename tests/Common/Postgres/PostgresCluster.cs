using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FedBpt.Tests.Common.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for tests: initdb into a temp folder, started on a free loopback port with its
/// socket in that folder, stopped (pg_ctl stop) and deleted on dispose. No system service is assumed, only Debian's
/// binaries (/usr/lib/postgresql/&lt;version&gt;/bin, installed by .ci/install; FEDBPT_PG_BIN overrides).
/// Durability is off (fsync, synchronous_commit): a test cluster is never recovered.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly string _bin;
    private readonly string _folder;
    private readonly string _dataDir;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresCluster(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        _folder = folder;
        _dataDir = Path.Combine(folder, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> on this cluster (trust authentication, loopback only).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database,
            // Each test database gets its own pool; keep them small so that many tests fit under max_connections.
            MaxPoolSize = 20,
        }.ToString();

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), $"fedbpt-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // initdb refuses to run as root; CI containers run as root, so the cluster then belongs to Debian's postgres user.
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser) await RunAsync("chown", $"postgres \"{folder}\"");
        var cluster = new PostgresCluster(bin, folder, FreePort(), asPostgresUser);
        try
        {
            await cluster.PgAsync("initdb", $"-D \"{cluster._dataDir}\" -U {Superuser} --auth=trust -E UTF8 --locale=C --no-sync");
            var options = $"-p {cluster.Port} -k '{folder}' -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                          "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await cluster.PgAsync("pg_ctl", $"-D \"{cluster._dataDir}\" -l \"{Path.Combine(folder, "server.log")}\" -o \"{options}\" -w -t 60 start");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database (from template0, or from <paramref name="template"/>) and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null, string? name = null)
    {
        name ??= $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..24];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{template ?? "template0"}\"";
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", $"-D \"{_dataDir}\" -m immediate -w -t 30 stop");
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder is removed below either way.
            }
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("FEDBPT_PG_BIN") is { Length: > 0 } configured) return configured;
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out int v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version).Select(d => d.Dir).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL's binaries were not found under /usr/lib/postgresql/<version>/bin. Install Debian's postgresql " +
            "package (.ci/install does) or set FEDBPT_PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task PgAsync(string tool, string arguments) => _asPostgresUser
        ? RunAsync("runuser", $"-u postgres -- \"{Path.Combine(_bin, tool)}\" {arguments}")
        : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await error}{await output}");
    }
}
