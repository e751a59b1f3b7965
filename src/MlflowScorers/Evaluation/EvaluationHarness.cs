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

    /// <summary>Scores dataset rows of inputs, outputs and expectations.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">Parallelism and progress; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The per-row feedback and the aggregate metrics.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<EvaluationRunResult> EvaluateAsync(
        IReadOnlyList<ScorerContext> rows, IReadOnlyList<Scorer> scorers, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scorers);
        options ??= new EvaluationOptions();
        var perRow = new IReadOnlyList<Feedback>[rows.Count][];
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), parallel, async (index, token) =>
        {
            var results = new IReadOnlyList<Feedback>[scorers.Count];
            for (var s = 0; s < scorers.Count; s++)
            {
                results[s] = await _runner.RunAsync(scorers[s], rows[index], token).ConfigureAwait(false);
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
