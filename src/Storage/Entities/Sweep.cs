namespace FedBpt.Storage.Entities;

/// <summary>
/// A group of experiments launched together: one base spec and its axes (seeds, spec keys × values), one
/// experiment per grid point. The experiments carry <see cref="Experiment.SweepId"/>; the sweep keeps what was asked.
/// </summary>
public class Sweep
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The spec every point starts from, as JSON.</summary>
    public required string BaseSpecJson { get; set; }
    /// <summary>The axes as JSON: <c>{"seed":[1,2,3],"sigma":[0.5,1.0]}</c>, in the order given.</summary>
    public required string AxesJson { get; set; }
    public DateTime CreatedUtc { get; set; }
}
