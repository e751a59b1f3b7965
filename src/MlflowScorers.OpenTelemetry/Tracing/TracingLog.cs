using Microsoft.Extensions.Logging;
using MlflowScorers.Diagnostics;

namespace MlflowScorers.Tracing;

/// <summary>The tracing pipeline's log events (category <see cref="Category"/>); they never contain credentials.</summary>
internal static partial class TracingLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "MlflowScorers.Tracing";

    /// <summary>Spans were dropped before they reached MLflow because a bound was reached.</summary>
    [LoggerMessage(EventId = MlflowLogEvents.TracingSpansDropped, EventName = "SpansDropped", Level = LogLevel.Warning,
        Message = "Dropped {Count} span(s) bound for {Destination}: {Reason}. {Detail}")]
    public static partial void SpansDropped(ILogger logger, long count, string destination, string reason, string detail);

    /// <summary>Spans were dropped because the export failed; the cause is the server's or the store's own message.</summary>
    [LoggerMessage(EventId = MlflowLogEvents.TracingExportFailed, EventName = "ExportFailed", Level = LogLevel.Error,
        Message = "Dropped {Count} span(s): the export to {Destination} failed ({Reason}). Cause: {Cause}")]
    public static partial void ExportFailed(ILogger logger, long count, string destination, string reason, string cause);

    /// <summary>The tags, session or user set with UpdateCurrentTrace could not be sent after the spans.</summary>
    [LoggerMessage(EventId = MlflowLogEvents.TracingTraceUpdateFailed, EventName = "TraceUpdateFailed", Level = LogLevel.Warning,
        Message = "The tags, session or user of {Count} trace(s) could not be sent to {Destination}; their spans were stored. Cause: {Cause}")]
    public static partial void TraceUpdateFailed(ILogger logger, long count, string destination, string cause);
}
