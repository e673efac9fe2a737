using FedBpt.Engine.Federation;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// The registry of algorithms a spec may name: the one list the validator, the simulator, the cost and memory rules,
/// the API and the form read. A spec holds the registered instance (<see cref="ExperimentSpec.Algorithm"/>), so equal
/// algorithms are the same object; the built-in names are constants on their classes (<see cref="FedBptAlgorithm.Key"/>)
/// for attributes. Everything else an algorithm is lives in its <see cref="FederatedAlgorithm"/>.
/// </summary>
public static class Algorithms
{
    public static FederatedAlgorithm FedBpt { get; } = new FedBptAlgorithm();
    public static FederatedAlgorithm FedAvgBbt { get; } = new FedAvgBbtAlgorithm();
    public static FederatedAlgorithm Bbt { get; } = new BbtAlgorithm();
    public static FederatedAlgorithm Manual { get; } = new ManualAlgorithm();

    private static readonly Lock Gate = new();
    private static FederatedAlgorithm[] _registered = [FedBpt, FedAvgBbt, Bbt, Manual];

    /// <summary>Every registered algorithm, in registration order (the built-ins first).</summary>
    public static IReadOnlyList<FederatedAlgorithm> Registered => Volatile.Read(ref _registered);

    /// <summary>The names of <see cref="Registered"/>.</summary>
    public static IReadOnlyList<string> All => Registered.Select(a => a.Name).ToArray();

    /// <summary>The algorithm of that name (exact, lower case as specs store it), or null.</summary>
    public static FederatedAlgorithm? Find(string? name) => Registered.FirstOrDefault(a => a.Name == name);

    /// <summary>The algorithm of that name; an unknown name is an error (specs are validated before they get here).</summary>
    public static FederatedAlgorithm Get(string? name) =>
        Find(name) ?? throw new ArgumentException($"Unknown algorithm '{name}': must be one of {string.Join(", ", All)}.", nameof(name));

    /// <summary>Adds an algorithm (once per process, at start-up); a name already taken is an error.</summary>
    public static void Register(FederatedAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        lock (Gate)
        {
            if (Find(algorithm.Name) is not null) throw new InvalidOperationException($"An algorithm named '{algorithm.Name}' is already registered.");
            Volatile.Write(ref _registered, [.. _registered, algorithm]);
        }
    }
}
