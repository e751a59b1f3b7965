using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using EvaluationResult = Microsoft.Extensions.AI.Evaluation.EvaluationResult;

namespace MlflowScorers;

/// <summary>
/// Runs one of our scorers where <c>Microsoft.Extensions.AI.Evaluation</c> expects an <see cref="IEvaluator"/>. The scorer sees
/// the conversation as inputs (<c>{"messages": [...]}</c>, as MLflow's chat inputs), the response text as outputs, and the
/// expectations of an <see cref="ExpectationsEvaluationContext"/>. Each feedback becomes a metric: booleans a
/// <see cref="BooleanMetric"/>, numbers a <see cref="NumericMetric"/>, anything else a <see cref="StringMetric"/>; the rationale
/// becomes the reason and an error becomes an error diagnostic.
/// </summary>
public sealed class ScorerEvaluator : IEvaluator
{
    private readonly Scorer _scorer;
    private readonly ScorerRunner? _runner;

    /// <summary>Wraps a scorer.</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="runner">
    /// The runner; when <see langword="null"/>, judges run on the <see cref="ChatConfiguration"/>'s chat client, and code scorers
    /// on a plain runner.
    /// </param>
    public ScorerEvaluator(Scorer scorer, ScorerRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _scorer = scorer;
        _runner = runner;
    }

    /// <summary>The scorer's name (retrieval judges add per-span metrics with derived names).</summary>
    public IReadOnlyCollection<string> EvaluationMetricNames => [_scorer.Name];

    /// <summary>Scores the response.</summary>
    /// <param name="messages">The conversation that led to the response.</param>
    /// <param name="modelResponse">The response to score.</param>
    /// <param name="chatConfiguration">The chat client judges use when no runner was given.</param>
    /// <param name="additionalContext">May hold an <see cref="ExpectationsEvaluationContext"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>One metric per feedback.</returns>
    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var context = new ScorerContext
        {
            Inputs = new JsonObject
            {
                ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text }).ToArray()),
            },
            Outputs = JsonValue.Create(modelResponse.Text),
            Expectations = additionalContext?.OfType<ExpectationsEvaluationContext>().FirstOrDefault()?.Expectations,
        };
        var runner = _runner ?? (chatConfiguration is not null
            ? new ScorerRunner(new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = chatConfiguration.ChatClient }))
            : new ScorerRunner());
        var feedback = await runner.RunAsync(_scorer, context, cancellationToken).ConfigureAwait(false);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return new EvaluationResult(feedback.Select(f => ToMetric(f, UniqueName(f.Name, seen))));
    }

    private static string UniqueName(string name, Dictionary<string, int> seen)
    {
        var count = seen[name] = seen.GetValueOrDefault(name) + 1;
        return count == 1 ? name : $"{name}#{count}";
    }

    private static EvaluationMetric ToMetric(Feedback feedback, string name)
    {
        EvaluationMetric metric = feedback.Value is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => new BooleanMetric(name, value.GetValueKind() == JsonValueKind.True, feedback.Rationale),
            JsonValueKind.Number => new NumericMetric(name, double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture), feedback.Rationale),
            JsonValueKind.String => new StringMetric(name, value.GetValue<string>(), feedback.Rationale),
            _ => new StringMetric(name, null, feedback.Rationale),
        }
        : new StringMetric(name, feedback.Value?.ToJsonString(), feedback.Rationale);
        if (feedback.Error is { } error)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error($"{error.ErrorCode}: {error.ErrorMessage}"));
        }

        if (feedback.Metadata is { Count: > 0 } metadata)
        {
            metric.AddOrUpdateMetadata(metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));
        }

        return metric;
    }
}
