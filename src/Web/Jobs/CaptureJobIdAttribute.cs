using Hangfire.Common;
using Hangfire.Server;

namespace FedBpt.Web.Jobs;

/// <summary>
/// Hangfire hands a job method only its arguments; the run lease names its owner after the job id, so this filter
/// exposes the id while the job performs. Hangfire 1.8 performs a job synchronously on its worker thread, right
/// after the filters' OnPerforming, so the value flows into the job method.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class CaptureJobIdAttribute : JobFilterAttribute, IServerFilter
{
    private static readonly AsyncLocal<string?> Id = new();

    /// <summary>The id of the job being performed on this flow, or null outside a Hangfire job.</summary>
    public static string? Current => Id.Value;

    public void OnPerforming(PerformingContext context) => Id.Value = context.BackgroundJob.Id;

    public void OnPerformed(PerformedContext context) => Id.Value = null;
}
