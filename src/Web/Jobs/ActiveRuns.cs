using System.Collections.Concurrent;

namespace FedBpt.Web.Jobs;

/// <summary>
/// The runs executing in this process, each with a token the cancel endpoint trips at once (Hangfire's own token
/// only notices a deleted job at its next state check). Registering also refuses a second execution of the same
/// experiment in this process.
/// </summary>
public sealed class ActiveRuns
{
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _runs = new();

    /// <summary>A registration whose token is cancelled by <see cref="Cancel"/>; null when the experiment already runs here.</summary>
    public Registration? TryRegister(int experimentId)
    {
        var cts = new CancellationTokenSource();
        if (_runs.TryAdd(experimentId, cts)) return new Registration(this, experimentId, cts);
        cts.Dispose();
        return null;
    }

    /// <summary>Signals the run; false when it is not running in this process.</summary>
    public bool Cancel(int experimentId)
    {
        if (!_runs.TryGetValue(experimentId, out var cts)) return false;
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended meanwhile
        }
        return true;
    }

    public bool IsRunning(int experimentId) => _runs.ContainsKey(experimentId);

    public sealed class Registration(ActiveRuns owner, int experimentId, CancellationTokenSource cts) : IDisposable
    {
        public CancellationToken Token => cts.Token;
        public bool CancelRequested => cts.IsCancellationRequested;

        public void Dispose()
        {
            owner._runs.TryRemove(new KeyValuePair<int, CancellationTokenSource>(experimentId, cts));
            cts.Dispose();
        }
    }
}
