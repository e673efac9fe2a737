using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedBpt.Engine.Experiments;

namespace FedBpt.Cli.Commands;

/// <summary>
/// <c>fedbpt sweep</c>: launches a sweep on a running FedBpt service (POST /api/sweeps), whose workers run it, and
/// with <c>--wait</c> prints its mean ± std table when every run has ended. The grid is expanded and checked by the
/// service, so a sweep from the CLI and one from the dashboard are the same thing.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "Base experiment spec JSON, shared by every run.", Required = true };
        var seeds = new Option<string?>("--seeds") { Description = "Comma-separated seeds, e.g. 1,2,3: one run per seed per setting." };
        var set = new Option<string[]>("--set")
        {
            Description = "A spec key and its values, e.g. sigma=0.5,1.0 (repeat for a grid).",
            AllowMultipleArgumentsPerToken = false,
        };
        var name = new Option<string?>("--name") { Description = "The sweep's name (default: the spec file's name)." };
        var queue = new Option<string?>("--queue") { Description = "The workers' queue that must run it (FedBpt:Queues); default: any worker." };
        var server = new Option<string>("--server")
        {
            Description = "The FedBpt service (default: FEDBPT_SERVER, then http://127.0.0.1:5080).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FEDBPT_SERVER") is { Length: > 0 } s ? s : "http://127.0.0.1:5080",
        };
        var token = new Option<string?>("--token") { Description = "The service's FedBpt:Auth:Token, if it has one (default: FEDBPT_TOKEN)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until every run has ended, then print the mean ± std table." };
        var csv = new Option<FileInfo?>("--csv") { Description = "With --wait: also write the table as CSV to this file." };
        var command = new Command("sweep", "Launch a sweep (seeds × spec values) on a FedBpt service and report mean ± std over seeds.")
        {
            spec, seeds, set, name, queue, server, token, wait, csv,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var file = parse.GetValue(spec)!;
            var request = BuildRequest(
                File.ReadAllText(file.FullName), parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name),
                parse.GetValue(seeds), parse.GetValue(set) ?? [], parse.GetValue(queue));
            using var http = Client(parse.GetValue(server)!, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("FEDBPT_TOKEN"));
            return await RunAsync(http, request, parse.GetValue(wait), parse.GetValue(csv), cancel);
        });
        return command;
    }

    /// <summary>The POST /api/sweeps body for the command line's flags.</summary>
    public static JsonObject BuildRequest(string specJson, string name, string? seeds, IEnumerable<string> sets, string? queue)
    {
        JsonObject spec;
        try
        {
            spec = JsonNode.Parse(specJson) as JsonObject ?? throw new ArgumentException("--spec must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--spec is not valid JSON: {e.Message}", e);
        }
        var request = new JsonObject { ["name"] = name, ["spec"] = spec };
        try
        {
            if (seeds is not null) request["seeds"] = new JsonArray([.. SweepAxisText.ParseSeeds(seeds).Select(x => (JsonNode?)x)]);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--seeds: {e.Message}", e);
        }
        var axes = new JsonObject();
        foreach (var text in sets)
        {
            var (key, values) = ParseSet(text);
            if (axes.ContainsKey(key)) throw new ArgumentException($"--set {key}: the key is given twice.");
            axes[key] = values;
        }
        if (axes.Count > 0) request["axes"] = axes;
        if (queue is not null) request["queue"] = queue;
        return request;
    }

    private static (string Key, JsonArray Values) ParseSet(string text)
    {
        try
        {
            return SweepAxisText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--set {e.Message}", e);
        }
    }

    private static HttpClient Client(string server, string? token)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--server '{server}' is not an http(s) URL.");
        var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrEmpty(token)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<int> RunAsync(HttpClient http, JsonObject request, bool wait, FileInfo? csv, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("/api/sweeps", request, cancel);
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: no FedBpt service answers at {http.BaseAddress} ({e.Message}). Start one (dotnet run --project src/Web) or pass --server.");
            return 2;
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Created) return await ReportRefusalAsync(response, cancel);
            var created = (await response.Content.ReadFromJsonAsync<JsonObject>(cancel))!;
            var id = created["id"]!.GetValue<int>();
            var runs = created["experimentIds"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
            Console.WriteLine($"sweep {id}: {runs.Length} runs queued (experiments {string.Join(", ", runs)}); page: {new Uri(http.BaseAddress!, $"/sweeps/{id}")}");
            if (!wait) return 0;
            return await WaitAndReportAsync(http, id, runs, csv, cancel);
        }
    }

    private static async Task<int> WaitAndReportAsync(HttpClient http, int id, int[] runs, FileInfo? csv, CancellationToken cancel)
    {
        string[] final = ["Completed", "Failed", "Cancelled"];
        var last = "";
        while (true)
        {
            var statuses = new List<string>();
            foreach (var run in runs)
                statuses.Add((await http.GetFromJsonAsync<JsonObject>($"/api/experiments/{run}", cancel))!["status"]!.GetValue<string>());
            var line = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}"));
            if (line != last) Console.Error.WriteLine($"sweep {id}: {line}");
            last = line;
            if (statuses.All(final.Contains)) break;
            await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        }
        var detail = (await http.GetFromJsonAsync<JsonObject>($"/api/sweeps/{id}", cancel))!;
        Console.WriteLine($"{"setting",-28} {"best accuracy",-28} {"final accuracy",-28}");
        foreach (var setting in detail["settings"]!.AsArray())
            Console.WriteLine($"{setting!["label"]!.GetValue<string>(),-28} {Show(setting["best"]),-28} {Show(setting["final"]),-28}");
        if (csv is not null)
        {
            File.WriteAllText(csv.FullName, await http.GetStringAsync($"/api/sweeps/{id}/table.csv", cancel));
            Console.Error.WriteLine($"table: {csv.FullName}");
        }
        return 0;
    }

    /// <summary>"0.8512 ± 0.0123 (n=3)"; "–" where no run of the setting completed.</summary>
    private static string Show(JsonNode? stat)
    {
        if (stat is null) return "–";
        var mean = stat["mean"]!.GetValue<double>();
        var std = stat["std"]?.GetValue<double>();
        return string.Create(CultureInfo.InvariantCulture,
            $"{mean:0.0000} ± {(std is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : "–")} (n={stat["n"]!.GetValue<int>()})");
    }

    /// <summary>A 400 names each bad field; print them as `fedbpt run` prints a bad spec.</summary>
    private static async Task<int> ReportRefusalAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        var body = await response.Content.ReadAsStringAsync(cancel);
        Console.Error.WriteLine($"error: the service refused the sweep ({(int)response.StatusCode} {response.ReasonPhrase})");
        try
        {
            if (JsonNode.Parse(body)?["errors"] is JsonObject errors)
            {
                foreach (var (field, messages) in errors)
                    foreach (var message in messages?.AsArray() ?? [])
                        Console.Error.WriteLine($"  {field}: {message}");
                return 2;
            }
        }
        catch (JsonException)
        {
        }
        Console.Error.WriteLine(body);
        return 2;
    }
}
