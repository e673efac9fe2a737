using System.Diagnostics;
using FedBpt.Tests.Common;

namespace FedBpt.Web.Tests.ScaleOut;

/// <summary>
/// The built service (src/Web's FedBpt.Web.dll, same configuration as this test build) as a separate process, with
/// its output in a log file: a web or worker role of a scale-out test. Killed with its children on dispose.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public string LogPath { get; }
    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(string name, string folder, IReadOnlyDictionary<string, string> settings)
    {
        var logPath = Path.Combine(folder, $"{name}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(WebAssembly());
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, logPath);
    }

    /// <summary>SIGKILL: no shutdown, no lease given back, no job state updated, as when a machine dies.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>The last lines of the process's output, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return $"--- {Name} (pid {Pid}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"--- {Name}: log unreadable ({e.Message}) ---";
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    /// <summary>src/Web/bin/&lt;configuration&gt;/&lt;tfm&gt;/FedBpt.Web.dll, the configuration and tfm of this test build.</summary>
    private static string WebAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(SharedPaths.RepositoryRoot, "src", "Web", "bin", tfm.Parent!.Name, tfm.Name, "FedBpt.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Web first (dotnet build FedBpt.sln).", path);
    }
}
