using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI.Evaluation;

namespace MlflowScorers;

/// <summary>
/// Ground truth for a <see cref="ScorerEvaluator"/>: the expectations (for example <c>expected_response</c>) that MLflow
/// scorers read. Pass it in <c>additionalContext</c>.
/// </summary>
public sealed class ExpectationsEvaluationContext : EvaluationContext
{
    /// <summary>The context's name.</summary>
    public const string ContextName = "MLflow expectations";

    /// <summary>Creates the context.</summary>
    /// <param name="expectations">The expectations by name.</param>
    public ExpectationsEvaluationContext(IReadOnlyDictionary<string, JsonNode?> expectations)
        : base(ContextName, ToJson(expectations)) => Expectations = expectations;

    /// <summary>The expectations by name.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Expectations { get; }

    private static string ToJson(IReadOnlyDictionary<string, JsonNode?> expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        return new JsonObject(expectations.Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone()))).ToJsonString();
    }
}
