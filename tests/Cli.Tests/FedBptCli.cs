using System.Diagnostics;
using FedBpt.Tests.Common;

namespace FedBpt.Cli.Tests;

/// <summary>Runs the built <c>fedbpt</c> executable as a user would, from the repository root.</summary>
internal static class FedBptCli
{
    private static readonly string Dll = Path.Combine(SharedPaths.RepositoryRoot, "src", "Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "fedbpt.dll");

    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs with these environment variables; MLflow's own are cleared first, so a developer's server is never written to.</summary>
    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SharedPaths.RepositoryRoot };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MLFLOW_", StringComparison.Ordinal)).ToArray()) start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Model roots come from the repository's appsettings.json (../shared/models); no override needed.
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) p.Kill(entireProcessTree: true);
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
