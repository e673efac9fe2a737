using System.Diagnostics;
using FedBpt.Tests.Common;

namespace FedBpt.Cli.Tests;

/// <summary>Runs the built <c>fedbpt</c> executable as a user would, from the repository root.</summary>
internal static class FedBptCli
{
    private static readonly string Dll = Path.Combine(SharedPaths.RepositoryRoot, "src", "Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "fedbpt.dll");

    /// <summary>An empty Hugging Face cache, so that no test reads the machine's own.</summary>
    private static readonly string EmptyCache = Path.Combine(Path.GetTempPath(), "fedbpt-cli-tests", "empty-hub-cache");

    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(null, args);

    /// <summary>
    /// Runs the executable offline with an empty Hub cache (no test may reach the real Hub) and without MLflow
    /// (a developer's server is never written to), unless
    /// <paramref name="environment"/> says otherwise (the stub Hub's tests set HF_ENDPOINT, HF_HUB_CACHE, HF_HUB_OFFLINE=0).
    /// </summary>
    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(environment, args).Finish();

    public static Started Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SharedPaths.RepositoryRoot };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MLFLOW_", StringComparison.Ordinal)).ToArray()) start.Environment.Remove(key);
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Model roots come from the repository's appsettings.json (../shared/models); no override needed.
        start.Environment["HF_HUB_OFFLINE"] = "1";
        start.Environment["HF_HUB_CACHE"] = EmptyCache;
        start.Environment.Remove("HF_TOKEN");
        start.Environment.Remove("HF_ENDPOINT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var p = Process.Start(start)!;
        return new Started(p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
    }

    /// <summary>A running fedbpt process.</summary>
    public sealed record Started(Process Process, Task<string> Stdout, Task<string> Stderr)
    {
        public (int Exit, string Out, string Err) Finish()
        {
            using var p = Process;
            if (!p.WaitForExit(TimeSpan.FromMinutes(3))) p.Kill(entireProcessTree: true);
            return (p.ExitCode, Stdout.Result, Stderr.Result);
        }
    }
}
