using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Evaluation;

/// <summary>
/// Writes a dataset row's expectations to the row's trace, as <c>mlflow.genai.evaluate</c> does: one Expectation assessment
/// per expectation name, from a human source (<see cref="SourceId"/>), on the root span, with
/// <see cref="EvaluationRun.SourceRunIdMetadataKey"/> naming the run. A name the trace already carries as an expectation is
/// skipped, whatever its source.
/// </summary>
internal static class EvaluationExpectations
{
    /// <summary>The source id MLflow gives dataset expectations when it knows no user (outside a Databricks notebook).</summary>
    public const string SourceId = "unknown";

    /// <summary>The expectations of the row that the trace does not carry yet, ready to write.</summary>
    public static IReadOnlyList<Expectation> Missing(Trace trace, IReadOnlyDictionary<string, JsonNode?>? expectations, string runId)
    {
        if (expectations is null || expectations.Count == 0)
        {
            return [];
        }

        var present = trace.Info.Assessments.OfType<Expectation>().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return expectations
            .Where(pair => !present.Contains(pair.Key))
            .Select(pair => new Expectation
            {
                Name = pair.Key,
                Value = pair.Value?.DeepClone(),
                Source = new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = SourceId },
                TraceId = trace.TraceId,
                SpanId = trace.RootSpan?.SpanId,
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [EvaluationRun.SourceRunIdMetadataKey] = runId },
            })
            .ToArray();
    }

    /// <summary>
    /// Writes the row's missing expectations to its trace and returns how many the backend refused; each refusal is logged.
    /// </summary>
    public static async Task<int> WriteAsync(
        MlflowClient client, ILogger logger, int row, Trace trace, IReadOnlyDictionary<string, JsonNode?>? expectations, string runId, CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var expectation in Missing(trace, expectations, runId))
        {
            try
            {
                await client.CreateAssessmentAsync(expectation, cancellationToken).ConfigureAwait(false);
            }
            catch (MlflowApiException exception)
            {
                failures++;
                EvaluationLog.ExpectationNotWritten(logger, expectation.Name, row, trace.TraceId, exception.ErrorCode.ToString(), exception.Message);
            }
        }

        return failures;
    }
}
