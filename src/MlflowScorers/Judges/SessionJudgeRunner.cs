using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>
/// Runs MLflow's session-level built-in judges over <see cref="ScorerContext.Session"/>: one judge call over the session's
/// conversation, with the feedback attached to the session's first trace and its root span, as MLflow does. KnowledgeRetention
/// too is one call (MLflow runs an inner judge per turn); its prompt asks for one rationale line per turn instead.
/// </summary>
internal static class SessionJudgeRunner
{
    private static readonly JsonObject s_textSchema = JudgeSchemas.TextResult();
    private static readonly JsonObject s_frustrationSchema = JudgeSchemas.OneOf(SessionPrompts.FrustrationValues);

    /// <exception cref="MlflowException">The context has no session, the session is inconsistent, or a required part is missing.</exception>
    public static async Task<Feedback> RunAsync(
        JudgeRuntime runtime, BuiltInJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        if (context.Session is not { Count: > 0 } given)
        {
            throw new MlflowException(
                $"{judge.BuiltInClassName} needs a session: pass ScorerContext.Session with the traces that share the `{SessionConversation.SessionMetadataKey}` metadata.");
        }

        var session = SessionConversation.Validate(given);
        var conversation = PythonFormat.Dumps(SessionConversation.ToJson(SessionConversation.Build(session)), indent: 2);
        var feedback = judge switch
        {
            UserFrustration => await UserFrustrationAsync(runtime, judge, conversation, cancellationToken).ConfigureAwait(false),
            _ => await runtime.AskAsync(
                judge, judge.Name, [JudgeMessage.User(YesNoPrompt(judge, conversation, session))], s_textSchema, normalizeYesNo: true, cancellationToken)
                .ConfigureAwait(false),
        };
        return feedback with { TraceId = session[0].TraceId, SpanId = session[0].RootSpan?.SpanId };
    }

    private static string YesNoPrompt(BuiltInJudge judge, string conversation, IReadOnlyList<Trace> session) => judge switch
    {
        ConversationCompleteness => SessionPrompts.ConversationCompleteness(conversation),
        ConversationalSafety => SessionPrompts.ConversationalSafety(conversation),
        ConversationalToolCallEfficiency => SessionPrompts.ConversationalToolCallEfficiency(conversation, ToolCallsOf(judge, session)),
        ConversationalRoleAdherence => SessionPrompts.ConversationalRoleAdherence(conversation),
        ConversationalGuidelines guidelines => SessionPrompts.ConversationalGuidelines(guidelines.Rules, conversation),
        KnowledgeRetention => SessionPrompts.KnowledgeRetention(conversation),
        _ => throw new System.NotSupportedException($"{judge.BuiltInClassName} does not run in .NET yet."),
    };

    private static string ToolCallsOf(BuiltInJudge judge, IReadOnlyList<Trace> session)
    {
        var calls = session.SelectMany(ToolCalls.Of).Select(c => (JsonNode)c).ToArray();
        if (calls.Length == 0)
        {
            throw new MlflowException($"{judge.BuiltInClassName} requires a session with at least one TOOL span; none was found.");
        }

        return PythonFormat.Dumps(new JsonArray(calls), indent: 2);
    }

    /// <summary>Keeps the three values (case and surrounding space ignored); any other answer becomes error feedback.</summary>
    private static async Task<Feedback> UserFrustrationAsync(
        JudgeRuntime runtime, BuiltInJudge judge, string conversation, CancellationToken cancellationToken)
    {
        var feedback = await runtime.AskAsync(
            judge, judge.Name, [JudgeMessage.User(SessionPrompts.UserFrustration(conversation))], s_frustrationSchema, normalizeYesNo: false, cancellationToken)
            .ConfigureAwait(false);
        var answer = PythonFormat.Str(feedback.Value);
        var value = answer.Trim().ToLowerInvariant();
        if (SessionPrompts.FrustrationValues.Contains(value))
        {
            return feedback with { Value = value };
        }

        return feedback with
        {
            Value = null,
            Error = new AssessmentError
            {
                ErrorCode = JudgeException.InvalidParameterValue,
                ErrorMessage = $"The judge answered '{answer}'; {judge.BuiltInClassName} expects one of: {string.Join(", ", SessionPrompts.FrustrationValues)}.",
            },
        };
    }
}
