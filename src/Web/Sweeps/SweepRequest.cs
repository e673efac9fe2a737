using System.Text.Json;

namespace FedBpt.Web.Sweeps;

/// <summary>
/// A sweep: a base spec and its axes. <see cref="Seeds"/> and each <see cref="Axes"/> entry (a spec key and its
/// values) multiply into a grid with one experiment per point. <see cref="Queue"/> names the workers' queue
/// (<c>FedBpt:Queues</c>) that must run them; null: any worker.
/// </summary>
public sealed record SweepRequest(
    string? Name, JsonElement? Spec, long[]? Seeds = null, Dictionary<string, JsonElement[]>? Axes = null, string? Queue = null);

/// <summary>The stored sweep and its experiments, in grid order.</summary>
public sealed record CreatedSweep(int Id, int[] ExperimentIds);
