using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Evaluation;
using MlflowScorers.Judges.Tracing;

namespace MlflowScorers;

/// <summary>
/// Runs one scorer on one row, trace or session inside .NET and returns its feedback. A scorer that throws yields a feedback
/// carrying the error (code <c>SCORER_ERROR</c>), never an exception; only cancellation by the caller propagates. With
/// <see cref="JudgeRuntimeOptions.RecordScorerTraces"/> on in its runtime, each run (code scorers included) is recorded as a
/// scorer trace (<see cref="ScorerTraces"/>).
/// </summary>
public sealed class ScorerRunner
{
    private readonly JudgeRuntime? _judges;

    /// <summary>Creates a runner for code scorers only; a judge scored with it yields an error feedback naming the missing runtime.</summary>
    public ScorerRunner()
    {
    }

    /// <summary>Creates a runner that runs judges with the given runtime.</summary>
    /// <param name="judges">The judge runtime.</param>
    public ScorerRunner(JudgeRuntime judges)
    {
        ArgumentNullException.ThrowIfNull(judges);
        _judges = judges;
    }

    /// <summary>Runs a scorer.</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="context">
    /// The inputs, outputs, expectations and trace to score; fields left unset are taken from the trace. A session-level judge
    /// scores <see cref="ScorerContext.Session"/>; without one it yields error feedback saying so.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>
    /// The feedback, named after the scorer unless the scorer named it; empty when the scorer returned nothing. It is attached to
    /// the trace and its root span, or for a session-level judge to the session's first trace and its root span.
    /// </returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IReadOnlyList<Feedback>> RunAsync(Scorer scorer, ScorerContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(context);
        context = context.WithTraceFields();
        using var trace = _judges is { RecordsScorerTraces: true } ? ScorerTraceScope.Start(scorer.Name, context) : null;
        IReadOnlyList<Feedback> feedback;
        try
        {
            feedback = await RunCoreAsync(scorer, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            trace?.Fail(exception);
            throw;
        }
#pragma warning disable CA1031 // A scorer's failure becomes feedback, as in MLflow.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            trace?.Fail(exception);
            feedback = [FeedbackStandardizer.FromException(scorer.Name, exception)];
        }

        feedback = trace?.Complete(feedback) ?? feedback;

        var anchor = IsSessionLevel(scorer) && context.Session is { Count: > 0 } session ? SessionConversation.InOrder(session)[0] : context.Trace;
        var traceId = anchor == context.Trace ? context.TraceId ?? anchor?.TraceId : anchor?.TraceId;
        var rootSpanId = anchor?.RootSpan?.SpanId;
        return feedback.Select(f => f with { TraceId = f.TraceId ?? traceId, SpanId = f.SpanId ?? rootSpanId }).ToArray();
    }

    /// <summary>Whether the scorer scores a whole session (<see cref="ScorerContext.Session"/>) rather than one trace.</summary>
    internal static bool IsSessionLevel(Scorer scorer) => scorer is BuiltInJudge { IsSessionLevel: true } or InstructionsJudge { IsSessionLevel: true };

    private async Task<IReadOnlyList<Feedback>> RunCoreAsync(Scorer scorer, ScorerContext context, CancellationToken cancellationToken)
    {
        switch (scorer)
        {
            case CodeScorer { Evaluate: { } evaluate }:
                var value = await evaluate(context, cancellationToken).ConfigureAwait(false);
                return FeedbackStandardizer.Standardize(scorer.Name, value);
            case CodeScorer:
                throw new InvalidOperationException(
                    $"Code scorer '{scorer.Name}' has no Evaluate function: a scorer loaded from a backend must be bound to its code first.");
            case JudgeScorer judge when _judges is not null:
                return await _judges.RunAsync(judge, context, cancellationToken).ConfigureAwait(false);
            case JudgeScorer:
                throw new InvalidOperationException(
                    $"Judge '{scorer.Name}' needs a JudgeRuntime: create the ScorerRunner with one to run judges in .NET.");
            default:
                throw new NotSupportedException($"Scorer '{scorer.Name}' of kind {scorer.Kind} cannot run in .NET.");
        }
    }
}
