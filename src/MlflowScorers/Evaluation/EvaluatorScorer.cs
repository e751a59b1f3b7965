using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using MlflowScorers.Judges;

namespace MlflowScorers;

/// <summary>
/// Runs a <c>Microsoft.Extensions.AI.Evaluation</c> <see cref="IEvaluator"/> as one of our scorers. The evaluator sees the
/// inputs as the conversation (chat <c>messages</c> when the inputs hold them, else one user message with the inputs as MLflow
/// renders them) and the outputs as the response text. Each metric with a value becomes a feedback named after the metric;
/// a metric whose diagnostics hold an error becomes a feedback carrying that error.
/// </summary>
public static class EvaluatorScorer
{
    /// <summary>The error code of feedback made from a metric with error diagnostics.</summary>
    public const string EvaluatorErrorCode = "EVALUATOR_ERROR";

    /// <summary>Creates a code scorer that runs the evaluator.</summary>
    /// <param name="evaluator">The evaluator.</param>
    /// <param name="chatConfiguration">The chat configuration AI-based evaluators need; <see langword="null"/> for others.</param>
    /// <param name="name">The scorer's name; defaults to the evaluator's first metric name.</param>
    /// <returns>The scorer.</returns>
    public static CodeScorer Create(IEvaluator evaluator, ChatConfiguration? chatConfiguration = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var scorerName = name ?? evaluator.EvaluationMetricNames.FirstOrDefault() ?? evaluator.GetType().Name;
        return CodeScorer.Create(scorerName, async (context, cancellationToken) =>
        {
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, PythonFormat.OutputsToString(context.Outputs)));
            var result = await evaluator.EvaluateAsync(Conversation(context.Inputs), response, chatConfiguration, null, cancellationToken)
                .ConfigureAwait(false);
            return result.Metrics.Values.Select(m => ToFeedback(scorerName, m)).OfType<Feedback>().ToArray();
        }) with
        {
            Implementation = evaluator.GetType().FullName,
        };
    }

    private static ChatMessage[] Conversation(JsonNode? inputs) =>
        inputs is JsonObject { } obj && obj["messages"] is JsonArray messages
            ? messages.Select(m => new ChatMessage(new ChatRole(PythonFormat.AsString(m?["role"]) ?? "user"), PythonFormat.Str(m?["content"]))).ToArray()
            : [new ChatMessage(ChatRole.User, PythonFormat.InputsToString(inputs))];

    private static Feedback? ToFeedback(string scorerName, EvaluationMetric metric)
    {
        JsonNode? value = metric switch
        {
            NumericMetric { Value: { } number } => number,
            BooleanMetric { Value: { } flag } => flag,
            StringMetric { Value: { } text } => text,
            _ => null,
        };
        var errors = metric.Diagnostics?.Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => d.Message).ToArray() ?? [];
        if (value is null && errors.Length == 0)
        {
            return null;
        }

        return new Feedback
        {
            Name = metric.Name,
            Value = value,
            Rationale = metric.Reason,
            Source = AssessmentSource.FromCode(scorerName),
            Error = errors.Length == 0 ? null : new AssessmentError { ErrorCode = EvaluatorErrorCode, ErrorMessage = string.Join("; ", errors) },
            Metadata = metric.Metadata is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata, StringComparer.Ordinal) : null,
        };
    }
}
