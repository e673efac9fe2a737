namespace FedBpt.Storage.Entities;

/// <summary>The stored row of one round's numbers (the engine's <c>RoundRecord</c>, mapped by <c>RoundRows</c>).</summary>
public class RoundMetric
{
    public int Id { get; set; }
    public int ExperimentId { get; set; }
    /// <summary>0-based.</summary>
    public int Round { get; set; }
    /// <summary>Null on rounds without a global evaluation.</summary>
    public double? GlobalTestAccuracy { get; set; }
    public double? TrainFitnessMean { get; set; }
    public double? TrainFitnessMin { get; set; }
    public double? TrainFitnessMax { get; set; }
    /// <summary>The server's step size sent to the clients at the round's start (before this round's aggregation).</summary>
    public double Sigma { get; set; }
    /// <summary>Cumulative model queries since the start of the run (FedBPT's cost unit).</summary>
    public long LmQueries { get; set; }
    /// <summary>Bytes sent client → server in this round.</summary>
    public long BytesUp { get; set; }
    /// <summary>Bytes sent server → clients in this round.</summary>
    public long BytesDown { get; set; }
    /// <summary>Cumulative wall-clock seconds since the run started.</summary>
    public double WallSeconds { get; set; }
    public DateTime RecordedUtc { get; set; }
}
