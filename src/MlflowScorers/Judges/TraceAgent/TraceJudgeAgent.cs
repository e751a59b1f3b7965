using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Judges.Tracing;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges.TraceAgent;

/// <summary>
/// The agent loop of a trace-reading judge, as MLflow runs it: offer the trace tools, answer every call the model makes, and
/// ask again until it answers without calls; that answer is the verdict. The loop is bounded by the number of tool calls and
/// by the tokens spent, so it always ends: in feedback with a value, or in feedback whose error says which limit was reached
/// or why the final answer could not be read. Both carry the tool calls made in their metadata.
/// </summary>
internal static class TraceJudgeAgent
{
    /// <summary>MLflow's error code when the agent reaches a limit.</summary>
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";

    private const int CharactersPerToken = 4;

    public static async Task<Feedback> RunAsync(
        JudgeInvoker invoker,
        IJudgeChannel channel,
        string model,
        string name,
        IReadOnlyList<JudgeMessage> prompt,
        JsonObject responseSchema,
        Trace trace,
        TraceAgentLimits limits,
        CancellationToken cancellationToken)
    {
        var messages = prompt.ToList();
        var calls = new List<string>();
        long inputTokens = 0, outputTokens = 0;
        var usageReported = false;
        while (true)
        {
            var completion = await invoker.CompleteAsync(channel, messages, TraceTools.Definitions, responseSchema, cancellationToken).ConfigureAwait(false);
            usageReported |= completion.InputTokens is not null || completion.OutputTokens is not null;
            inputTokens += completion.InputTokens ?? Estimate(messages);
            outputTokens += completion.OutputTokens ?? (completion.Text.Length + completion.ToolCalls.Sum(c => c.Name.Length + c.Arguments.Length)) / CharactersPerToken;
            var feedback = new Feedback { Name = name, Source = AssessmentSource.FromLlmJudge(model) };
            if (completion.ToolCalls.Count == 0)
            {
                return Verdict(feedback, completion.Text, Metadata(calls, inputTokens, outputTokens, usageReported));
            }

            if (calls.Count + completion.ToolCalls.Count > limits.MaxToolCalls)
            {
                return Failed(
                    feedback,
                    $"The judge asked for {calls.Count + completion.ToolCalls.Count} tool calls, more than the limit of {limits.MaxToolCalls} "
                    + "(JudgeRuntimeOptions.TraceJudgeMaxToolCalls). A stronger model usually needs fewer; raise the limit for very large traces.",
                    Metadata(calls, inputTokens, outputTokens, usageReported));
            }

            if (inputTokens + outputTokens > limits.MaxTokens)
            {
                return Failed(
                    feedback,
                    $"The judge used {inputTokens + outputTokens} tokens before giving a verdict, more than the limit of {limits.MaxTokens} "
                    + "(JudgeRuntimeOptions.TraceJudgeMaxTokens).",
                    Metadata(calls, inputTokens, outputTokens, usageReported));
            }

            messages.Add(JudgeMessage.Assistant(completion.Text, completion.ToolCalls));
            foreach (var call in completion.ToolCalls)
            {
                messages.Add(JudgeMessage.ToolResult(call.Id, InvokeTool(trace, call)));
                calls.Add(call.Name);
            }
        }
    }

    /// <summary>Answers one tool call; inside a scorer trace, as a <c>TOOL</c> span named after the tool.</summary>
    private static string InvokeTool(Trace trace, JudgeToolCall call)
    {
        using var span = ScorerTraceScope.StartStep(call.Name, "TOOL", ArgumentsOf(call.Arguments));
        var result = TraceTools.Invoke(trace, call);
        ScorerTraceScope.SetOutputs(span, JsonValue.Create(result));
        return result;
    }

    private static JsonNode? ArgumentsOf(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments);
        }
        catch (JsonException)
        {
            return JsonValue.Create(arguments);
        }
    }

    private static Feedback Verdict(Feedback feedback, string text, Dictionary<string, string> metadata)
    {
        JudgeVerdict verdict;
        try
        {
            verdict = JudgeOutputParser.Parse(text);
        }
        catch (JudgeException e)
        {
            return Failed(feedback, e.Message, metadata, e.ErrorCode.ToString());
        }

        return feedback with { Value = verdict.Result, Rationale = verdict.Rationale, Metadata = metadata };
    }

    private static Feedback Failed(Feedback feedback, string message, Dictionary<string, string> metadata, string errorCode = RequestLimitExceeded) =>
        feedback with { Error = new AssessmentError { ErrorCode = errorCode, ErrorMessage = message }, Metadata = metadata };

    private static Dictionary<string, string> Metadata(List<string> calls, long inputTokens, long outputTokens, bool usageReported)
    {
        var metadata = usageReported ? JudgeInvoker.UsageMetadata(inputTokens, outputTokens) : [];
        metadata[JudgeMetadataKeys.ToolCallCount] = calls.Count.ToString(CultureInfo.InvariantCulture);
        if (calls.Count > 0)
        {
            metadata[JudgeMetadataKeys.ToolCalls] = string.Join(',', calls);
        }

        return metadata;
    }

    private static long Estimate(IEnumerable<JudgeMessage> messages) =>
        messages.Sum(m => (long)m.Content.Length + m.ToolCalls.Sum(c => c.Arguments.Length)) / CharactersPerToken;
}
