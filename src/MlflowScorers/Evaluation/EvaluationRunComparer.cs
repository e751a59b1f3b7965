using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>Compares two evaluation runs as the store holds them, by run id.</summary>
public static class EvaluationRunComparer
{
    /// <summary>
    /// Loads two evaluation runs from the store and compares them: each run's logged metrics (<c>{scorer}/{aggregation}</c>)
    /// and their difference, and the rows whose verdict changed. A run's rows are the traces recorded for it (metadata
    /// <see cref="EvaluationRun.SourceRunMetadataKey"/>, as an evaluation of the application leaves them) with the feedback
    /// marked with its id (<see cref="EvaluationRun.SourceRunIdMetadataKey"/>). Rows are paired by their inputs (the root
    /// span's), repeated inputs in request-time order; a row only one run has counts as changed for each of its feedback.
    /// </summary>
    /// <param name="client">The client of the backend that holds both runs.</param>
    /// <param name="baselineRunId">The earlier run.</param>
    /// <param name="candidateRunId">The later run.</param>
    /// <param name="cancellationToken">Cancels the loading.</param>
    /// <returns>
    /// The comparison; <see cref="VerdictChange.Index"/> is the row's position in the candidate run by request time (rows only
    /// the baseline has follow), <see cref="VerdictChange.Context"/> the candidate's trace (else the baseline's).
    /// </returns>
    /// <exception cref="ArgumentException">A run id is empty or holds a quote.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST for an unknown run, or another backend error.</exception>
    public static async Task<EvaluationComparison> CompareEvaluationRunsAsync(
        this MlflowClient client, string baselineRunId, string candidateRunId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckRunId(baselineRunId, nameof(baselineRunId));
        CheckRunId(candidateRunId, nameof(candidateRunId));
        var (baselineMetrics, baselineRows) = await LoadAsync(client, baselineRunId, cancellationToken).ConfigureAwait(false);
        var (candidateMetrics, candidateRows) = await LoadAsync(client, candidateRunId, cancellationToken).ConfigureAwait(false);
        var baselineByKey = baselineRows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var paired = new List<(int, ScorerContext, IReadOnlyList<Feedback>, IReadOnlyList<Feedback>)>();
        foreach (var row in candidateRows)
        {
            var before = baselineByKey.Remove(row.Key, out var match) ? match.Feedback : [];
            paired.Add((paired.Count, row.Context, before, row.Feedback));
        }

        foreach (var row in baselineRows.Where(r => baselineByKey.ContainsKey(r.Key)))
        {
            paired.Add((paired.Count, row.Context, row.Feedback, []));
        }

        return EvaluationComparison.Compare(baselineMetrics, candidateMetrics, paired);
    }

    private static void CheckRunId(string runId, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId, parameter);
        if (runId.Contains('\'', StringComparison.Ordinal) || runId.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Run id '{runId}' must not hold a quote or a backslash: it is matched in a trace filter.", parameter);
        }
    }

    private static async Task<(IReadOnlyDictionary<string, double> Metrics, List<RunRow> Rows)> LoadAsync(
        MlflowClient client, string runId, CancellationToken cancellationToken)
    {
        var run = await client.RequireRunStore().GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var search = new TraceSearchOptions
        {
            ExperimentIds = [run.ExperimentId],
            Filter = $"metadata.{EvaluationRun.SourceRunMetadataKey} = '{runId}'",
            OrderBy = ["timestamp_ms ASC"],
        };
        var rows = new List<RunRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var trace in client.SearchTracesAsync(search, cancellationToken).ConfigureAwait(false))
        {
            var inputs = trace.Inputs?.ToJsonString() ?? "null";
            var occurrence = seen[inputs] = seen.GetValueOrDefault(inputs) + 1;
            var feedback = trace.Info.Assessments.OfType<Feedback>()
                .Where(f => f.Metadata?.GetValueOrDefault(EvaluationRun.SourceRunIdMetadataKey) == runId)
                .ToArray();
            rows.Add(new RunRow($"{occurrence}:{inputs}", ScorerContext.FromTrace(trace), feedback));
        }

        return (run.Metrics, rows);
    }

    private sealed record RunRow(string Key, ScorerContext Context, IReadOnlyList<Feedback> Feedback);
}
