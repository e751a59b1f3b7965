using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>
/// Runs an instructions judge in the mode its variables call for, as MLflow does; the result is kept as the judge returned it.
/// <list type="bullet">
/// <item>Field-based (spec §4.3): <c>{{ inputs }}</c>, <c>{{ outputs }}</c>, <c>{{ expectations }}</c> filled in, one call.</item>
/// <item>Trace-reading: <c>{{ trace }}</c>, or a trace whose root span lacks the inputs or outputs the instructions use (MLflow's
/// fallback): the model reads the trace through tools (<see cref="TraceAgent.TraceJudgeAgent"/>); the other variables are
/// filled in as context.</item>
/// <item>Conversation: <c>{{ conversation }}</c> over <see cref="ScorerContext.Session"/>, one call; the feedback goes to the
/// session's first trace and its root span.</item>
/// </list>
/// </summary>
internal static class InstructionsJudgeRunner
{
    private const string TraceVariable = "trace";

    public static async Task<IReadOnlyList<Feedback>> RunAsync(
        JudgeRuntime runtime, InstructionsJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        var schema = JudgeSchemas.For(judge.FeedbackValueType);
        if (judge.IsSessionLevel)
        {
            return [await ConversationAsync(runtime, judge, context, schema, cancellationToken).ConfigureAwait(false)];
        }

        var fields = judge.TemplateVariables.Where(v => v != TraceVariable).Select(v => (Name: v, Value: v switch
        {
            "inputs" => context.Inputs,
            "outputs" => context.Outputs,
            _ => Expectations(context.Expectations),
        })).ToArray();
        var missing = fields.Where(f => f.Value is null).Select(f => f.Name).ToList();
        var declared = judge.TemplateVariables.Contains(TraceVariable);
        var fallback = !declared && context.Trace is not null && missing.Any(m => m is "inputs" or "outputs");
        if (declared || fallback)
        {
            if (context.Trace is not { } trace)
            {
                throw MissingFields(["trace"]);
            }

            var unresolved = declared ? missing : missing.Where(m => m == "expectations").ToList();
            if (unresolved.Count > 0)
            {
                throw MissingFields(unresolved);
            }

            IReadOnlyList<JudgeMessage> agentPrompt =
                [JudgeMessage.System(TraceAgent.TraceAgentPrompt.System(judge.Instructions, schema)), FieldBasedPrompt.User(fields.Where(f => f.Value is not null).ToArray())];
            return [await runtime.InvestigateAsync(judge, agentPrompt, schema, trace, cancellationToken).ConfigureAwait(false)];
        }

        if (missing.Count > 0)
        {
            throw MissingFields(missing);
        }

        var messages = FieldBasedPrompt.Build(judge.Instructions, fields);
        return [await runtime.AskAsync(judge, judge.Name, messages, schema, normalizeYesNo: false, cancellationToken).ConfigureAwait(false)];
    }

    private static async Task<Feedback> ConversationAsync(
        JudgeRuntime runtime, InstructionsJudge judge, ScorerContext context, JsonObject schema, CancellationToken cancellationToken)
    {
        if (context.Session is not { Count: > 0 } given)
        {
            throw MissingFields(["session"]);
        }

        var session = SessionConversation.Validate(given);
        var expectations = context.Expectations ?? SessionExpectations(session);
        var fields = judge.TemplateVariables.Select(v => (Name: v, Value: v == "conversation"
            ? (JsonNode?)SessionConversation.ToJson(SessionConversation.Build(session))
            : Expectations(expectations))).ToArray();
        if (fields.Any(f => f.Value is null))
        {
            throw MissingFields(fields.Where(f => f.Value is null).Select(f => f.Name).ToList());
        }

        var feedback = await runtime.AskAsync(judge, judge.Name, FieldBasedPrompt.Build(judge.Instructions, fields), schema, normalizeYesNo: false, cancellationToken)
            .ConfigureAwait(false);
        return feedback with { TraceId = session[0].TraceId, SpanId = session[0].RootSpan?.SpanId };
    }

    /// <summary>The human expectations of the session's traces, by name; a later trace's value of a name wins.</summary>
    private static Dictionary<string, JsonNode?>? SessionExpectations(IReadOnlyList<Trace> session)
    {
        var merged = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in session.SelectMany(t => t.GetHumanExpectations()))
        {
            merged[key] = value;
        }

        return merged.Count == 0 ? null : merged;
    }

    private static MlflowException MissingFields(IReadOnlyList<string> names) =>
        new($"Must specify {string.Join(", ", names.Select(n => $"'{n}'"))} - required by template variables in instructions.");

    private static JsonObject? Expectations(IReadOnlyDictionary<string, JsonNode?>? expectations) =>
        expectations is not null ? new JsonObject(expectations.Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone()))) : null;
}
