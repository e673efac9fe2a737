using System.Text.Json;

namespace FedBpt.Web.Experiments;

/// <summary>A new experiment: a display name and the spec (the keys of ExperimentSpec; omitted keys take the reference defaults).</summary>
public sealed record CreateExperimentRequest(string? Name, JsonElement? Spec);
