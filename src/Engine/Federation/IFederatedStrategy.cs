namespace FedBpt.Engine.Federation;

/// <summary>
/// The server side of one algorithm, Flower-style: what to send each round, and how to fold the
/// clients' updates into the next global state. The round loop itself lives once, in
/// <see cref="FederatedSimulator"/>.
/// </summary>
public interface IFederatedStrategy
{
    /// <summary>The message every client receives at the start of <paramref name="round"/>.</summary>
    GlobalModelMessage ConfigureTrain(int round);

    /// <summary>How every client runs its local search; sent with each round's <see cref="ConfigureTrain"/> message.</summary>
    LocalSearch LocalSearch { get; }

    /// <summary>Aggregates the round's updates (in client order) into the next global state.</summary>
    void AggregateTrain(int round, IReadOnlyList<ClientUpdateMessage> updates);

    /// <summary>The complete server state, for checkpoints.</summary>
    byte[] SaveState();

    void LoadState(byte[] state);

    /// <summary>A one-line account of the server's rules and settings, shown at the start of a run.</summary>
    string Describe();
}
