using FedBpt.Storage.Experiments;

namespace FedBpt.Web.Jobs;

/// <summary>
/// Holds an experiment's run lease while the engine computes: renewed on a timer (a roberta-large round can
/// outlast the lease) and before each round is stored. When a renewal fails, another worker owns the run (or it
/// was cancelled), so the run's token is cancelled and it stops.
/// </summary>
internal sealed partial class RunLease : IAsyncDisposable
{
    /// <summary>How long a crashed worker blocks a resume; a live one renews well before.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    private readonly ExperimentStore _store;
    private readonly int _experimentId;
    private readonly CancellationTokenSource _run;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RunLease(ExperimentStore store, int experimentId, string owner, CancellationTokenSource run, ILogger logger)
    {
        _store = store;
        _experimentId = experimentId;
        Owner = owner;
        _run = run;
        _logger = logger;
        _loop = RenewPeriodicallyAsync();
    }

    public string Owner { get; }

    /// <summary>True once a renewal was refused.</summary>
    public bool Lost { get; private set; }

    /// <summary>Renews now; throws <see cref="OperationCanceledException"/> when the lease is gone.</summary>
    public void RenewOrThrow()
    {
        if (!RenewAsync(CancellationToken.None).GetAwaiter().GetResult())
            throw new OperationCanceledException($"Experiment {_experimentId}: the run lease of {Owner} was lost.");
    }

    private async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        if (Lost) return false;
        if (await _store.RenewLeaseAsync(_experimentId, Owner, Duration, cancellationToken)) return true;
        Lost = true;
        await _run.CancelAsync();
        return false;
    }

    private async Task RenewPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (!await RenewAsync(_stop.Token)) return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database must not kill the run; the lease has minutes left and the next tick retries.
                    LogRenewFailed(e, _experimentId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId}: renewing the run lease failed; retrying")]
    private partial void LogRenewFailed(Exception exception, int experimentId);
}
