using FedBpt.Storage;
using FedBpt.Web.Common;

namespace FedBpt.Web.Jobs;

/// <summary>A run's write that the database kept refusing for the whole retry window.</summary>
public sealed class StoreWriteFailedException(string what, TimeSpan window, Exception fault)
    : Exception($"{what} failed for {window.TotalSeconds:0} s: {StoreFaults.Describe(fault)}", fault);

/// <summary>
/// Retries a run's writes while the database refuses them (see <see cref="StoreFaults"/>), with back-off: 1 s,
/// 2 s, 4 s … up to 30 s between attempts, for <c>FedBpt:StoreRetrySeconds</c> in all. A fault that outlasts the
/// window becomes a <see cref="StoreWriteFailedException"/>, on which the job gives its lease back and waits.
/// </summary>
internal sealed partial class StoreRetry(int experimentId, TimeSpan window, StoreHealth health, TimeProvider time, ILogger logger, CancellationToken cancel)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> write)
    {
        long start = time.GetTimestamp();
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var result = await write(cancel);
                health.Succeeded();
                return result;
            }
            catch (Exception e) when (StoreFaults.IsTransient(e))
            {
                health.Failed(e);
                var elapsed = time.GetElapsedTime(start);
                if (elapsed + delay > window) throw new StoreWriteFailedException(what, window, e);
                LogRetrying(experimentId, what, StoreFaults.Describe(e), delay);
                await Task.Delay(delay, time, cancel);
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> write) =>
        RunAsync(what, async ct =>
        {
            await write(ct);
            return true;
        });

    /// <summary>For the engine's thread, which calls observers synchronously.</summary>
    public void Run(string what, Func<CancellationToken, Task> write) => RunAsync(what, write).GetAwaiter().GetResult();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId}: {What} was refused by the database ({Reason}); retrying in {Delay}")]
    private partial void LogRetrying(int experimentId, string what, string reason, TimeSpan delay);
}
