using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Tracing;

/// <summary>
/// Logs dropped spans (and traces whose update could not be sent) with their reason and cause, rate-limited: the first drop of each reason is logged at once, later ones
/// are summed and logged at most once per <see cref="Interval"/> (and at shutdown), so a failing backend gives one line a
/// minute, not one per span.
/// </summary>
internal sealed class DropLog
{
    /// <summary>The shortest time between two lines for the same reason.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _destination;

    public DropLog(ILogger logger, TimeProvider timeProvider, string destination)
    {
        _logger = logger;
        _timeProvider = timeProvider;
        _destination = destination;
    }

    /// <summary>Records dropped spans; logs them now unless a line for the reason was written less than a minute ago.</summary>
    public void Record(long count, string reason, string? cause)
    {
        lock (_pending)
        {
            if (!_pending.TryGetValue(reason, out var pending))
            {
                _pending[reason] = pending = new Pending();
            }

            pending.Count += count;
            pending.Cause = cause ?? pending.Cause;
            var now = _timeProvider.GetUtcNow();
            if (pending.LastLogged is { } last && now - last < Interval)
            {
                return;
            }

            pending.LastLogged = now;
            Write(reason, pending);
        }
    }

    /// <summary>Logs whatever is still summed up (at shutdown).</summary>
    public void Flush()
    {
        lock (_pending)
        {
            foreach (var (reason, pending) in _pending)
            {
                if (pending.Count > 0)
                {
                    Write(reason, pending);
                }
            }
        }
    }

    private void Write(string reason, Pending pending)
    {
        if (reason == DropReasons.TraceUpdateFailed)
        {
            TracingLog.TraceUpdateFailed(_logger, pending.Count, _destination, pending.Cause ?? "unknown");
        }
        else if (DropReasons.IsFailure(reason))
        {
            TracingLog.ExportFailed(_logger, pending.Count, _destination, reason, pending.Cause ?? "unknown");
        }
        else
        {
            TracingLog.SpansDropped(_logger, pending.Count, _destination, reason, DropReasons.Explain(reason));
        }

        pending.Count = 0;
        pending.Cause = null;
    }

    private sealed class Pending
    {
        public long Count { get; set; }

        public string? Cause { get; set; }

        public DateTimeOffset? LastLogged { get; set; }
    }
}
