using System.Text.RegularExpressions;

namespace FedBpt.Web.Configuration;

/// <summary>
/// The <c>FedBpt</c> keys that say how this process shares work with others: its role, the worker queues it
/// serves, and how soon a job of a vanished worker is delivered again.
/// </summary>
public sealed partial class ScaleOutOptions
{
    /// <summary><c>all</c> (default), <c>web</c> or <c>worker</c>.</summary>
    public FedBptRole Role { get; set; } = FedBptRole.All;

    /// <summary>
    /// Named queues this process's workers take runs from besides the shared one (e.g. <c>gpu</c>); a run that
    /// names no queue goes to the shared one, which every worker serves.
    /// </summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>
    /// PostgreSQL job storage: a fetched job that its worker stops confirming (the process died) is delivered again
    /// after this many seconds. Live workers keep extending it (sliding invisibility), so a long round is never re-delivered.
    /// </summary>
    public int JobInvisibilitySeconds { get; set; } = 300;

    /// <summary>
    /// PostgreSQL: how often a process that shows pages reads every run's status and round count to learn what workers
    /// in other processes did (<see cref="Notifications.RunStateWatcher"/>).
    /// </summary>
    public double LivePollSeconds { get; set; } = 2;

    /// <summary>Hangfire's rule for queue names, and our column length.</summary>
    [GeneratedRegex("^[a-z0-9_-]{1,20}$")]
    public static partial Regex QueueName();

    /// <summary>The problem with <paramref name="queue"/> as a queue name, or null when it is fine.</summary>
    public static string? CheckQueue(string queue) =>
        QueueName().IsMatch(queue) ? null : $"'{queue}' is not a queue name: 1-20 lower-case letters, digits, '_' or '-'.";
}
