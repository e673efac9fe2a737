using FedBpt.Storage;

namespace FedBpt.Web.Common;

/// <summary>
/// Whether the database is refusing writes, as the last writes found it: a run's round, an API request. While a
/// fault was seen within <see cref="RetryAfter"/>, API writes are answered 503 at once instead of each waiting out
/// SQLite's busy timeout; after that, the next write tries again, and the first that succeeds clears the fault.
/// </summary>
public sealed class StoreHealth(TimeProvider time)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private (string Reason, DateTime SinceUtc, DateTime LastSeenUtc)? _fault;

    public void Failed(Exception exception)
    {
        var reason = StoreFaults.Describe(exception);
        var now = time.GetUtcNow().UtcDateTime;
        lock (_lock) _fault = (reason, _fault?.SinceUtc ?? now, now);
    }

    public void Succeeded()
    {
        lock (_lock) _fault = null;
    }

    /// <summary>The reason writes are refused, when a fault was seen less than <see cref="RetryAfter"/> ago; else null.</summary>
    public string? RecentFault(out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            retryAfter = _fault is { } f ? RetryAfter - (now - f.LastSeenUtc) : TimeSpan.Zero;
            return retryAfter > TimeSpan.Zero ? _fault!.Value.Reason : null;
        }
    }
}
