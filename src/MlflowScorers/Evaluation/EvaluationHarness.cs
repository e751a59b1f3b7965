using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Evaluation;

namespace MlflowScorers;

/// <summary>
/// Runs a list of scorers over a dataset or a list of traces in .NET, a bounded number of rows at a time, and returns the
/// feedback per row with aggregate metrics per scorer (Python's <c>mlflow.genai.evaluate</c> without a predict function).
/// </summary>
public sealed class EvaluationHarness
{
    private readonly ScorerRunner _runner;

    /// <summary>Creates a harness that scores with the given runner.</summary>
    /// <param name="runner">The runner; give it a <see cref="JudgeRuntime"/> to include judges.</param>
    public EvaluationHarness(ScorerRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>Scores traces: each is scored with its root span's inputs and outputs and its human expectations.</summary>
    /// <param name="traces">The traces, for example from a trace search.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">Parallelism and progress; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The per-trace feedback and the aggregate metrics.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRunResult> EvaluateAsync(
        IEnumerable<Trace> traces, IReadOnlyList<Scorer> scorers, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traces);
        return EvaluateAsync(traces.Select(ScorerContext.FromTrace).ToArray(), scorers, options, cancellationToken);
    }

    /// <summary>
    /// Scores traces grouped into sessions by their <c>mlflow.trace.session</c> metadata: trace-level scorers run on every trace,
    /// session-level judges once per session, with their feedback in the row of the session's first trace (by request time).
    /// Traces without a session id get only the trace-level scorers.
    /// </summary>
    /// <param name="traces">The traces, for example from a trace search; each row's context carries its session.</param>
    /// <param name="scorers">The scorers, trace- and session-level.</param>
    /// <param name="options">Parallelism and progress; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>One row per trace, in input order, and the aggregate metrics.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRunResult> EvaluateSessionsAsync(
        IEnumerable<Trace> traces, IReadOnlyList<Scorer> scorers, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(scorers);
        var list = traces.ToArray();
        var sessions = list.Where(t => SessionConversation.SessionIdOf(t) is not null)
            .GroupBy(t => SessionConversation.SessionIdOf(t)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SessionConversation.InOrder(g), StringComparer.Ordinal);
        var rows = list.Select(t => ScorerContext.FromTrace(t) with
        {
            Session = SessionConversation.SessionIdOf(t) is { } id ? sessions[id] : null,
        }).ToArray();
        return EvaluateCoreAsync(
            rows, scorers, (row, scorer) => !ScorerRunner.IsSessionLevel(scorer) || (row.Session is { } session && ReferenceEquals(session[0], row.Trace)), options, cancellationToken);
    }

    /// <summary>Scores dataset rows of inputs, outputs and expectations.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">Parallelism and progress; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The per-row feedback and the aggregate metrics.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRunResult> EvaluateAsync(
        IReadOnlyList<ScorerContext> rows, IReadOnlyList<Scorer> scorers, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scorers);
        return EvaluateCoreAsync(rows, scorers, static (_, _) => true, options, cancellationToken);
    }

    private async Task<EvaluationRunResult> EvaluateCoreAsync(
        IReadOnlyList<ScorerContext> rows,
        IReadOnlyList<Scorer> scorers,
        Func<ScorerContext, Scorer, bool> runs,
        EvaluationOptions? options,
        CancellationToken cancellationToken)
    {
        options ??= new EvaluationOptions();
        var perRow = new IReadOnlyList<Feedback>[rows.Count][];
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), parallel, async (index, token) =>
        {
            var results = new IReadOnlyList<Feedback>[scorers.Count];
            for (var s = 0; s < scorers.Count; s++)
            {
                results[s] = runs(rows[index], scorers[s]) ? await _runner.RunAsync(scorers[s], rows[index], token).ConfigureAwait(false) : [];
            }

            perRow[index] = results;
            options.Progress?.Report(new EvaluationProgress(Interlocked.Increment(ref completed), rows.Count));
        }).ConfigureAwait(false);

        var metrics = FeedbackAggregator.Compute(scorers.Select((scorer, s) => (scorer, perRow.SelectMany(r => r[s]))));
        return new EvaluationRunResult
        {
            Rows = rows.Select((row, i) => new EvaluationRowResult { Index = i, Context = row, Feedback = perRow[i].SelectMany(f => f).ToArray() }).ToArray(),
            Metrics = metrics,
        };
    }
}
