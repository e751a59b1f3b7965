using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>What a scorer sees for one row or trace: its inputs, outputs and expectations.</summary>
public sealed record ScorerContext
{
    /// <summary>The request: the root span's inputs, or the dataset row's inputs.</summary>
    public JsonNode? Inputs { get; init; }

    /// <summary>The response: the root span's outputs, or the dataset row's outputs.</summary>
    public JsonNode? Outputs { get; init; }

    /// <summary>Ground truth by name (for example <c>expected_response</c>), from the dataset or the trace's human expectations.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? Expectations { get; init; }

    /// <summary>The id of the trace being scored, when scoring a trace.</summary>
    public string? TraceId { get; init; }

    /// <summary>The trace being scored, when scoring a trace.</summary>
    public Trace? Trace { get; init; }

    /// <summary>
    /// The session being scored, for session-level judges: the traces that share the <c>mlflow.trace.session</c> metadata, in
    /// any order (see <see cref="SessionConversation"/>). Their feedback is attached to the session's first trace.
    /// </summary>
    public IReadOnlyList<Trace>? Session { get; init; }

    /// <summary>
    /// The context MLflow builds for a trace: the root span's inputs and outputs, the expectations people attached to the
    /// trace (source <c>HUMAN</c>), and the trace itself.
    /// </summary>
    /// <param name="trace">The trace.</param>
    /// <returns>The context.</returns>
    public static ScorerContext FromTrace(Trace trace)
    {
        System.ArgumentNullException.ThrowIfNull(trace);
        return new ScorerContext { Trace = trace }.WithTraceFields();
    }

    /// <summary>
    /// Fills what the context leaves unset from its trace, as MLflow resolves scorer fields: explicit values win, then the
    /// root span's inputs and outputs, the trace's human expectations and its id. Without a trace, returns this context.
    /// </summary>
    internal ScorerContext WithTraceFields()
    {
        if (Trace is not { } trace)
        {
            return this;
        }

        var expectations = Expectations ?? trace.GetHumanExpectations();
        return this with
        {
            Inputs = Inputs ?? trace.Inputs?.DeepClone(),
            Outputs = Outputs ?? trace.Outputs?.DeepClone(),
            Expectations = expectations.Count == 0 ? null : expectations,
            TraceId = TraceId ?? trace.TraceId,
        };
    }
}
