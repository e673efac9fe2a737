namespace FedBpt.Storage.Entities;

/// <summary>One client's local CMA-ES result in one round.</summary>
public class ClientRoundMetric
{
    public int Id { get; set; }
    public int ExperimentId { get; set; }
    public int Round { get; set; }
    /// <summary>0-based; stored in the column <c>ClientIndex</c> (its name before the round record was unified).</summary>
    public int Client { get; set; }
    public double Fitness { get; set; }
    /// <summary>The client's local step size at the end of its iterations.</summary>
    public double Sigma { get; set; }
    public int Examples { get; set; }
    /// <summary>Model queries this client made in this round.</summary>
    public long LmQueries { get; set; }
}
