using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>
/// Calls one scorer directly on one trace or one row, as Python's <c>Safety()(inputs=..., outputs=...)</c> does: for unit
/// tests of scorers and ad-hoc checks. Scorers are plain records, so the runner (for code scorers <c>new ScorerRunner()</c>)
/// or the judge runtime is passed in. A scorer that throws yields error feedback, as in an evaluation.
/// </summary>
public static class ScorerCallExtensions
{
    /// <summary>Scores one trace: its root span's inputs and outputs, its human expectations and the trace itself.</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="runner">The runner; <c>new ScorerRunner()</c> for code scorers, one with a <see cref="JudgeRuntime"/> for judges.</param>
    /// <param name="trace">The trace.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The feedback, attached to the trace and its root span: one for most scorers, one per retriever span or chunk for the retrieval judges.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static Task<IReadOnlyList<Feedback>> ScoreAsync(this Scorer scorer, ScorerRunner runner, Trace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return scorer.ScoreAsync(runner, ScorerContext.FromTrace(trace), cancellationToken);
    }

    /// <summary>Scores one row of inputs, outputs and expectations (or a session, for session-level judges).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="runner">The runner; <c>new ScorerRunner()</c> for code scorers, one with a <see cref="JudgeRuntime"/> for judges.</param>
    /// <param name="row">The row; fields left unset are taken from its trace, when it has one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The feedback, named after the scorer unless the scorer named it.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static Task<IReadOnlyList<Feedback>> ScoreAsync(this Scorer scorer, ScorerRunner runner, ScorerContext row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.RunAsync(scorer, row, cancellationToken);
    }

    /// <summary>Scores one trace with judges run by the given runtime (code scorers run too).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="judges">The judge runtime.</param>
    /// <param name="trace">The trace.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The feedback, attached to the trace and its root span.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static Task<IReadOnlyList<Feedback>> ScoreAsync(this Scorer scorer, JudgeRuntime judges, Trace trace, CancellationToken cancellationToken = default) =>
        scorer.ScoreAsync(new ScorerRunner(judges), trace, cancellationToken);

    /// <summary>Scores one row with judges run by the given runtime (code scorers run too).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="judges">The judge runtime.</param>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The feedback, named after the scorer unless the scorer named it.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static Task<IReadOnlyList<Feedback>> ScoreAsync(this Scorer scorer, JudgeRuntime judges, ScorerContext row, CancellationToken cancellationToken = default) =>
        scorer.ScoreAsync(new ScorerRunner(judges), row, cancellationToken);
}
