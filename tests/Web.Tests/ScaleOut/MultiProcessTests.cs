using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FedBpt.Storage.Entities;
using FedBpt.Tests.Common;
using FedBpt.Tests.Common.Postgres;
using FedBpt.Web.Sweeps;
using FedBpt.Web.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FedBpt.Web.Tests.ScaleOut;

/// <summary>
/// The README's "Scaling out" set-up for real: one <c>web</c> and two <c>worker</c> processes of the built service on
/// one throw-away PostgreSQL. A 4-run sweep (tiny model, 2 rounds) is shared between the workers; one worker is
/// SIGKILLed in the middle of a run, the other resumes that run from its last stored round, and its metrics equal
/// those of the same spec run again without interruption.
/// </summary>
public sealed class MultiProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"fedbpt-scaleout-{Guid.NewGuid():N}");
    private PostgresCluster? _cluster;
    private readonly List<ServiceProcess> _processes = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _cluster = await PostgresCluster.StartAsync();
    }

    [Fact]
    public async Task A_sweep_runs_on_two_workers_and_a_killed_workers_run_resumes_elsewhere_with_identical_metrics()
    {
        var database = await _cluster!.CreateDatabaseAsync(name: "fedbpt");
        var connectionString = _cluster.ConnectionString(database);
        int port = FreePort();
        var web = Start("web", connectionString, "web", ("Urls", $"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilServingAsync(client, web);
        var workers = new[] { Start("worker-a", connectionString, "worker"), Start("worker-b", connectionString, "worker") };

        var spec = Specs.Tiny(numRounds: 2);
        using var response = await client.PostAsJsonAsync("/api/sweeps", new JsonObject
        {
            ["name"] = "scale-out", ["spec"] = spec, ["seeds"] = new JsonArray(1, 2), ["axes"] = new JsonObject { ["sigma"] = new JsonArray(0.5, 1.0) },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var sweep = (await response.Content.ReadFromJsonAsync<CreatedSweep>(ApiClient.Json))!;
        Assert.Equal(4, sweep.ExperimentIds.Length);

        // Watch who holds each run; once each worker has completed a run, SIGKILL the worker of a run caught between its rounds.
        var heldBy = sweep.ExperimentIds.ToDictionary(id => id, _ => new List<string>());
        ServiceProcess? killed = null;
        int killedRun = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await ReadRunsAsync(connectionString);
            foreach (var row in rows.Where(r => r.Owner is not null && heldBy.ContainsKey(r.Id)))
            {
                var worker = workers.FirstOrDefault(w => row.Owner!.Split(':')[1] == w.Pid.ToString(CultureInfo.InvariantCulture));
                if (worker is not null && (heldBy[row.Id].Count == 0 || heldBy[row.Id][^1] != worker.Name)) heldBy[row.Id].Add(worker.Name);
            }
            var completedBy = rows.Where(r => r.Status == nameof(ExperimentStatus.Completed) && heldBy.TryGetValue(r.Id, out var h) && h.Count > 0)
                .Select(r => heldBy[r.Id][^1]).Distinct().Count();
            if (killed is null && completedBy == workers.Length
                && rows.FirstOrDefault(r => r.Status == nameof(ExperimentStatus.Running) && r.Rounds == 1 && r.Owner is not null) is { } victim)
            {
                killed = workers.Single(w => victim.Owner!.Split(':')[1] == w.Pid.ToString(CultureInfo.InvariantCulture));
                killed.Kill();
                killedRun = victim.Id;
                output.WriteLine($"SIGKILL {killed.Name} (pid {killed.Pid}) while it ran experiment {victim.Id} after round 0 of 2");
            }
            if (rows.Where(r => heldBy.ContainsKey(r.Id)).All(r => r.Status == nameof(ExperimentStatus.Completed))) break;
            if (rows.FirstOrDefault(r => r.Status is nameof(ExperimentStatus.Failed) or nameof(ExperimentStatus.Cancelled)) is { } bad)
                throw new XunitException($"Experiment {bad.Id} is {bad.Status}.\n{Tails()}");
            if (clock.Elapsed > TimeSpan.FromMinutes(8)) throw new XunitException($"The sweep did not finish in {clock.Elapsed}.\n{Tails()}");
            await Task.Delay(100);
        }

        foreach (var (id, holders) in heldBy) output.WriteLine($"experiment {id}: ran on {string.Join(" then ", holders)}");
        Assert.NotNull(killed);
        Assert.Equal(2, heldBy.Values.SelectMany(h => h).Distinct().Count()); // both workers executed runs (each completed one before the kill)
        Assert.Equal([killed.Name, workers.Single(w => w != killed).Name], heldBy[killedRun]); // resumed by the survivor

        // The interrupted run's metrics equal those of the same spec run again, uninterrupted, by the surviving worker.
        var interrupted = await client.GetExperimentAsync(killedRun);
        var again = await client.CreateExperimentAsync("uninterrupted", JsonNode.Parse(interrupted.Spec.GetRawText())!.AsObject());
        await client.WaitForAsync(again, e => e.Status == ExperimentStatus.Completed, TimeSpan.FromMinutes(4));
        var (resumed, reference) = (await client.GetRoundsAsync(killedRun), await client.GetRoundsAsync(again));
        Assert.Equal(2, resumed.Length);
        Assert.Equal(reference.Select(Metrics), resumed.Select(Metrics));
        Assert.Equal(reference.SelectMany(r => r.Clients), resumed.SelectMany(r => r.Clients));
        Assert.Contains(await client.GetLogAsync(killedRun), l => l.Message.Contains("resum", StringComparison.OrdinalIgnoreCase));

        // The sweep's table: two settings (sigma), each over both seeds.
        var detail = (await client.GetFromJsonAsync<SweepDetail>($"/api/sweeps/{sweep.Id}", ApiClient.Json))!;
        Assert.Equal(["sigma=0.5", "sigma=1"], detail.Settings.Select(s => s.Label));
        Assert.All(detail.Settings, s => Assert.Equal((2, 2), (s.Best!.N, s.Final!.N)));
        foreach (var s in detail.Settings) output.WriteLine($"{s.Label}: best {s.Best!.Show()}, final {s.Final!.Show()}");
    }

    private static (int, double?, double?, double?, double?, double?, long, long, long) Metrics(FedBpt.Engine.Federation.RoundRecord r) =>
        (r.Round, r.GlobalTestAccuracy, r.TrainFitnessMean, r.TrainFitnessMin, r.TrainFitnessMax, r.Sigma, r.LmQueries, r.BytesUp, r.BytesDown);

    private ServiceProcess Start(string name, string connectionString, string role, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:FedBpt"] = connectionString,
            ["FedBpt:Database:Provider"] = "postgres",
            ["FedBpt:Role"] = role,
            // A killed worker's job is delivered again after this long; live workers keep extending it.
            ["FedBpt:JobInvisibilitySeconds"] = "10",
            ["FedBpt:ModelRoots:0"] = SharedPaths.Models,
            ["FedBpt:ModelRoots:1"] = SharedPaths.Models,
            ["FedBpt:DataRoots:0"] = SharedPaths.Data,
            ["FedBpt:DataRoots:1"] = SharedPaths.Data,
            ["FedBpt:Device"] = "cpu",
            ["FedBpt:Threads"] = "1",
            ["FedBpt:Hub:Offline"] = "true",
            ["FedBpt:Hub:Cache"] = Path.Combine(_folder, "hub-cache"),
            ["Logging:LogLevel:Default"] = "Information",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        var process = ServiceProcess.Start(name, _folder, settings);
        _processes.Add(process);
        return process;
    }

    private async Task WaitUntilServingAsync(HttpClient client, ServiceProcess web)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (web.HasExited) throw new XunitException($"The web process exited.\n{web.Tail()}");
            try
            {
                using var ping = await client.GetAsync("/api/sweeps");
                if (ping.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new XunitException($"The web process did not answer.\n{web.Tail()}");
            await Task.Delay(200);
        }
    }

    private sealed record RunRow(int Id, string Status, int Rounds, string? Owner);

    private static async Task<List<RunRow>> ReadRunsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Id", "Status", "RoundsCompleted", "LeaseOwner" FROM "Experiments" ORDER BY "Id" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RunRow>();
        while (await reader.ReadAsync())
            rows.Add(new RunRow(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rows;
    }

    private string Tails() => string.Join('\n', _processes.Select(p => p.Tail()));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) process.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
