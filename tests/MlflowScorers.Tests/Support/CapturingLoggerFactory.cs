using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Tests.Support;

/// <summary>A logger factory that keeps every line written through it (thread-safe), for assertions on logging.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly List<CapturedLog> _lines = [];

    public IReadOnlyList<CapturedLog> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Add(CapturedLog line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner.Add(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), values.ToDictionary(p => p.Key, p => p.Value), exception));
        }
    }
}

/// <summary>One captured log line with its structured values and the exception logged with it, if any.</summary>
internal sealed record CapturedLog(
    string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception = null);
