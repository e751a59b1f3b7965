using Microsoft.Extensions.Logging;
using MlflowScorers.Diagnostics;

namespace MlflowScorers.Evaluation;

/// <summary>The application evaluator's log events (category <see cref="Category"/>); they never contain credentials.</summary>
internal static partial class EvaluationLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "MlflowScorers.Evaluation";

    /// <summary>A dataset expectation could not be written to its row's trace; the row counts it.</summary>
    [LoggerMessage(EventId = MlflowLogEvents.EvaluationExpectationNotWritten, EventName = "ExpectationNotWritten", Level = LogLevel.Warning,
        Message = "Expectation '{Name}' of row {Row} could not be written to trace {TraceId}: {ErrorCode}: {Cause}")]
    public static partial void ExpectationNotWritten(ILogger logger, string name, int row, string traceId, string errorCode, string cause);
}
