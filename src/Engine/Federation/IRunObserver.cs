namespace FedBpt.Engine.Federation;

/// <summary>
/// Hooks into the one round loop (persistence, live dashboards, console progress) instead of copies
/// of it. Called on the run's thread; <see cref="OnClientCompleted"/> may come from client threads.
/// </summary>
public interface IRunObserver
{
    void OnRunStarted(RunStarted info) { }
    void OnRoundStarted(int round) { }
    void OnClientCompleted(int round, ClientRound client) { }
    void OnRoundCompleted(CompletedRound round) { }
    void OnRunFinished(RunSummary summary) { }
    void OnRunFailed(Exception error) { }
}
