using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>
/// A scorer written in C#. No MLflow server can run it, so once registered it runs in a .NET process, and its
/// registration lives in the experiment's tags. The delegate returns a <see cref="bool"/>, a number, a <see cref="string"/>,
/// a <see cref="Feedback"/>, a list of feedback, or <see langword="null"/> for "no feedback". The factories take a function of
/// any subset of inputs, outputs, expectations and trace, as Python's <c>@scorer</c> does.
/// </summary>
public sealed record CodeScorer : Scorer
{
    private static readonly IReadOnlyDictionary<string, JsonNode?> s_noExpectations = new Dictionary<string, JsonNode?>();

    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.Code;

    /// <summary>Always <see cref="ScorerHost.DotNet"/>.</summary>
    /// <exception cref="ArgumentException">Set to anything else.</exception>
    public override ScorerHost Host
    {
        get => ScorerHost.DotNet;
        init
        {
            if (value != ScorerHost.DotNet)
            {
                throw new ArgumentException("A code scorer runs only in .NET: Host must be ScorerHost.DotNet.", nameof(Host));
            }
        }
    }

    /// <summary>
    /// The scoring function. It is <see langword="null"/> on a scorer loaded from a backend, since a backend stores only the
    /// registration: a process that runs registered scorers matches them by name to the code scorers it holds.
    /// </summary>
    public Func<ScorerContext, CancellationToken, ValueTask<object?>>? Evaluate { get; init; }

    /// <summary>
    /// A label for the implementation, stored with the registration so operators can see what runs (for example a type name).
    /// Optional; nothing is inferred when it is not set.
    /// </summary>
    public string? Implementation { get; init; }

    /// <summary>Creates a scorer from a function of the whole context (any subset of inputs, outputs, expectations and trace).</summary>
    /// <param name="name">The scorer's name, also the name of its feedback.</param>
    /// <param name="evaluate">The function.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer Create(string name, Func<ScorerContext, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, (context, _) => ValueTask.FromResult(evaluate(context)));
    }

    /// <summary>Creates a scorer from an asynchronous function of the whole context.</summary>
    /// <param name="name">The scorer's name, also the name of its feedback.</param>
    /// <param name="evaluate">The function; it receives the run's cancellation token.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer Create(string name, Func<ScorerContext, CancellationToken, ValueTask<object?>> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return new CodeScorer { Name = name, Evaluate = evaluate };
    }

    /// <summary>Creates a scorer from a function of the outputs (Python's <c>def f(outputs)</c>).</summary>
    /// <param name="name">The scorer's name.</param>
    /// <param name="evaluate">The function.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer FromOutputs(string name, Func<JsonNode?, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, context => evaluate(context.Outputs));
    }

    /// <summary>Creates a scorer from a function of the inputs and outputs (Python's <c>def f(inputs, outputs)</c>).</summary>
    /// <param name="name">The scorer's name.</param>
    /// <param name="evaluate">The function, given inputs then outputs.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer FromInputsAndOutputs(string name, Func<JsonNode?, JsonNode?, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, context => evaluate(context.Inputs, context.Outputs));
    }

    /// <summary>Creates a scorer from a function of the outputs and expectations (empty when none are given).</summary>
    /// <param name="name">The scorer's name.</param>
    /// <param name="evaluate">The function, given outputs then expectations.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer FromOutputsAndExpectations(string name, Func<JsonNode?, IReadOnlyDictionary<string, JsonNode?>, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, context => evaluate(context.Outputs, context.Expectations ?? s_noExpectations));
    }

    /// <summary>Creates a scorer from a function of the inputs, outputs and expectations (empty when none are given).</summary>
    /// <param name="name">The scorer's name.</param>
    /// <param name="evaluate">The function, given inputs, outputs, then expectations.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer FromInputsOutputsAndExpectations(
        string name, Func<JsonNode?, JsonNode?, IReadOnlyDictionary<string, JsonNode?>, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, context => evaluate(context.Inputs, context.Outputs, context.Expectations ?? s_noExpectations));
    }

    /// <summary>Creates a scorer from a function of the trace. Scoring a row without a trace yields an error feedback.</summary>
    /// <param name="name">The scorer's name.</param>
    /// <param name="evaluate">The function.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer FromTrace(string name, Func<Trace, object?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return Create(name, context => evaluate(context.Trace ?? throw new InvalidOperationException(
            $"Scorer '{name}' requires the following fields: trace. Score traces, or pass a context with a trace.")));
    }
}
