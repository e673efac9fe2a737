using System.Diagnostics;
using System.Globalization;

namespace FedBpt.Web.Jobs;

/// <summary>
/// Who holds a run's lease: <c>machine:pid:processStart:job</c>. The process start time tells a restarted
/// service that the previous holder on this machine is gone (its pid is free or belongs to another process),
/// so a run killed with its service resumes at once instead of after the lease expires. Owners on other
/// machines cannot be checked and are waited for.
/// </summary>
public static class RunOwner
{
    private static readonly string ThisProcess = Describe(Process.GetCurrentProcess());

    public static string ForJob(string? jobId) => $"{ThisProcess}:{jobId ?? "direct"}";

    /// <summary>True when <paramref name="owner"/> was a process on this machine that no longer runs.</summary>
    public static bool IsDeadLocalProcess(string? owner)
    {
        var parts = owner?.Split(':');
        if (parts is not { Length: 4 } || parts[0] != Environment.MachineName) return false;
        if (!int.TryParse(parts[1], CultureInfo.InvariantCulture, out int pid)) return false;
        if ($"{parts[0]}:{parts[1]}:{parts[2]}" == ThisProcess) return false; // ours: alive by definition
        try
        {
            using var process = Process.GetProcessById(pid);
            return Describe(process) != $"{parts[0]}:{parts[1]}:{parts[2]}"; // the pid was reused
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (InvalidOperationException)
        {
            return true; // it exited while we looked
        }
    }

    private static string Describe(Process process) =>
        $"{Environment.MachineName}:{process.Id}:{process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
}
