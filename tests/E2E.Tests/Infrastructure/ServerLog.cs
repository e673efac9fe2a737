using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FedBpt.E2E.Tests.Infrastructure;

/// <summary>
/// The server's warnings and errors, kept in memory: a test's failure message then says what went wrong on the
/// server (a 500 page only says that something did), and a test can assert that the server logged no error.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(long Sequence, LogLevel Level, string Text)> _entries = new();
    private long _sequence;

    /// <summary>A position in the log, to read only what was logged after it.</summary>
    public long Mark => Interlocked.Read(ref _sequence);

    public IReadOnlyList<string> ErrorsSince(long mark) =>
        _entries.Where(e => e.Sequence > mark && e.Level >= LogLevel.Error).Select(e => e.Text).ToArray();

    /// <summary>Warnings (and worse) logged after <paramref name="mark"/>, e.g. the requests the service refused.</summary>
    public IReadOnlyList<string> WarningsSince(long mark) =>
        _entries.Where(e => e.Sequence > mark && e.Level >= LogLevel.Warning).Select(e => e.Text).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var text = $"{logLevel} {category}: {formatter(state, exception)}" + (exception is null ? "" : $"\n{exception}");
            log._entries.Enqueue((Interlocked.Increment(ref log._sequence), logLevel, text));
        }
    }
}
