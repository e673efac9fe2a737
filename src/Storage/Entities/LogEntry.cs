using Microsoft.Extensions.Logging;

namespace FedBpt.Storage.Entities;

/// <summary>A line of a run's log, for the tail on the run page (only the newest lines are kept).</summary>
public class LogEntry
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public DateTime TimestampUtc { get; set; }
    public LogLevel Level { get; set; }
    public required string Message { get; set; }
}
