using System;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Tracing;

namespace MlflowScorers.Evaluation;

/// <summary>
/// The root span of one evaluated row: it wraps the application's function, carries the row's inputs and the function's
/// output as MLflow's span inputs and outputs, names the evaluation run in the trace's <c>mlflow.sourceRun</c> metadata, and
/// ends with status ERROR (and the exception as an event) when the function throws.
/// </summary>
internal static class EvaluationRootSpan
{
    private const string MarkerProperty = "MlflowScorers.EvaluationRoot";

    /// <summary>Whether the activity belongs to (is, or runs under in this process) the root span of an evaluated row.</summary>
    public static bool IsInEvaluation(Activity activity)
    {
        var root = activity;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root.GetCustomProperty(MarkerProperty) is not null;
    }

    /// <summary>Calls the function for one row under a new root span and returns the trace id and the failure, if any.</summary>
    public static async Task<PredictedRow> RunAsync(
        ActivitySource source,
        string name,
        string runId,
        ScorerContext row,
        Func<CancellationToken, Task<JsonNode?>> predict,
        CancellationToken cancellationToken)
    {
        // A new trace per row, even when the caller runs inside a span of its own; this flow only, not the caller's.
        Activity.Current = null;
        using var root = source.StartActivity(name, ActivityKind.Internal, parentContext: default);
        if (root is null)
        {
            return new PredictedRow(null, new AssessmentError
            {
                ErrorCode = AppEvaluator.TraceNotRecordedErrorCode,
                ErrorMessage = $"The root span '{name}' of source '{source.Name}' was not recorded (a sampler dropped it, or the listener went away).",
            });
        }

        root.SetCustomProperty(MarkerProperty, runId);
        TraceUpdate.For(root).SetMetadata(EvaluationRun.SourceRunMetadataKey, runId);
        if (row.Inputs is { } inputs)
        {
            root.SetTag(MlflowAttributes.SpanInputs, inputs.ToJsonString());
        }

        var traceId = ActivityConverter.TraceIdOf(root);
        try
        {
            var output = await predict(cancellationToken).ConfigureAwait(false);
            if (output is not null)
            {
                root.SetTag(MlflowAttributes.SpanOutputs, output.ToJsonString());
            }

            return new PredictedRow(traceId, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            root.SetStatus(ActivityStatusCode.Error, "The evaluation was cancelled.");
            throw;
        }
#pragma warning disable CA1031 // The application's failure becomes the row's error, as in MLflow; the evaluation goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            root.SetStatus(ActivityStatusCode.Error, exception.Message);
            root.AddException(exception);
            return new PredictedRow(traceId, new AssessmentError
            {
                ErrorCode = AppEvaluator.PredictErrorCode,
                ErrorMessage = exception.Message,
                StackTrace = exception.ToString(),
            });
        }
    }
}

/// <summary>What calling the application for one row left: its trace id (when a root span was recorded) and its failure, if any.</summary>
/// <param name="TraceId">The MLflow trace id, <c>tr-</c> and the OTLP trace id.</param>
/// <param name="Error">The function's failure, or why no trace was recorded.</param>
internal sealed record PredictedRow(string? TraceId, AssessmentError? Error);
