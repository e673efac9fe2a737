using System.Text.Json;

namespace FedBpt.Web.Experiments;

/// <summary>
/// A new experiment: a display name and the spec (the keys of ExperimentSpec; omitted keys take the reference
/// defaults), and optionally the workers' queue (<c>FedBpt:Queues</c>) that must run it.
/// </summary>
public sealed record CreateExperimentRequest(string? Name, JsonElement? Spec, string? Queue = null);
