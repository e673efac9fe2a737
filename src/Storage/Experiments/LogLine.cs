using Microsoft.Extensions.Logging;

namespace FedBpt.Storage.Experiments;

public sealed record LogLine(DateTime TimestampUtc, LogLevel Level, string Message);
