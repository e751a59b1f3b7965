using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>Writes an evaluation's feedback back to the traces it scored, as assessments.</summary>
public static class EvaluationFeedbackWriter
{
    /// <summary>
    /// Logs every feedback of every row that scored a trace (rows from a dataset without a trace are skipped) and returns the
    /// assessments as stored. Feedback keeps its source (CODE or LLM_JUDGE), value or error, rationale, metadata and span id.
    /// </summary>
    /// <param name="client">The client of the backend that holds the traces.</param>
    /// <param name="result">The evaluation result.</param>
    /// <param name="cancellationToken">Cancels the call; feedback already written stays written.</param>
    /// <returns>The stored assessments, in row order.</returns>
    /// <exception cref="MlflowApiException">The backend refused a write; earlier writes stay.</exception>
    public static async Task<IReadOnlyList<Assessment>> WriteFeedbackAsync(
        this MlflowClient client, EvaluationRunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(result);
        var written = new List<Assessment>();
        foreach (var feedback in result.Rows.SelectMany(row => row.Feedback.Select(f => (Row: row, Feedback: f))))
        {
            var traceId = feedback.Feedback.TraceId ?? feedback.Row.Context.TraceId ?? feedback.Row.Context.Trace?.TraceId;
            if (traceId is null)
            {
                continue;
            }

            var stored = await client.CreateAssessmentAsync(feedback.Feedback with { TraceId = traceId }, cancellationToken).ConfigureAwait(false);
            written.Add(stored);
        }

        return written;
    }
}
