using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>Runs MLflow's built-in judges: gathers their fields, builds their prompts, and shapes their feedback.</summary>
internal static class BuiltInJudgeRunner
{
    private const string Inputs = "inputs";
    private const string Outputs = "outputs";
    private const string TraceField = "trace";
    private const string ExpectationsField = "expectations";

    private static readonly JsonObject s_yesNoSchema = JudgeSchemas.TextResult();

    public static async Task<IReadOnlyList<Feedback>> RunAsync(
        JudgeRuntime runtime, BuiltInJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        if (judge.IsSessionLevel)
        {
            return [await SessionJudgeRunner.RunAsync(runtime, judge, context, cancellationToken).ConfigureAwait(false)];
        }

        switch (judge)
        {
            case Safety:
                Require(judge, context, Outputs);
                return [await AskAsync(BuiltInPrompts.Safety(OutputText(context))).ConfigureAwait(false)];
            case Guidelines guidelines:
                Require(judge, context, Inputs, Outputs);
                return [await AskAsync(GuidelinesPrompt(guidelines.Rules, context)).ConfigureAwait(false)];
            case ExpectationsGuidelines:
                Require(judge, context, Inputs, Outputs);
                var rules = Texts(Expectation(context, "guidelines")) ?? throw new MlflowException(
                    "Guidelines must be specified in the `expectations` parameter or must be present in the trace.");
                return [await AskAsync(GuidelinesPrompt(rules, context)).ConfigureAwait(false)];
            case Correctness:
                Require(judge, context, Inputs, Outputs);
                var (claim, isFacts) = Claim(context) ?? throw new MlflowException(
                    "Correctness scorer requires either `expected_response` or `expected_facts` in the `expectations` dictionary.");
                return [await AskAsync(BuiltInPrompts.Correctness(InputText(context), OutputText(context), claim, isFacts)).ConfigureAwait(false)];
            case RelevanceToQuery:
                Require(judge, context, Inputs, Outputs);
                return [await AskAsync(BuiltInPrompts.RelevanceToQuery(InputText(context), OutputText(context))).ConfigureAwait(false)];
            case Equivalence:
                Require(judge, context, Outputs);
                return [await EquivalenceAsync(runtime, judge, context, cancellationToken).ConfigureAwait(false)];
            case RetrievalGroundedness:
            case RetrievalRelevance:
            case RetrievalSufficiency:
                return await RetrievalAsync(runtime, judge, context, cancellationToken).ConfigureAwait(false);
            case Fluency:
                Require(judge, context, Outputs);
                return [await FieldBasedAsync(runtime, judge, FieldBasedInstructions.Fluency, [(Outputs, context.Outputs)], cancellationToken).ConfigureAwait(false)];
            case Completeness:
                Require(judge, context, Inputs, Outputs);
                return [await FieldBasedAsync(runtime, judge, FieldBasedInstructions.Completeness, [(Inputs, context.Inputs), (Outputs, context.Outputs)], cancellationToken).ConfigureAwait(false)];
            case Summarization:
                Require(judge, context, Inputs, Outputs);
                return [await FieldBasedAsync(runtime, judge, FieldBasedInstructions.Summarization, [(Inputs, context.Inputs), (Outputs, context.Outputs)], cancellationToken).ConfigureAwait(false)];
            case ToolCallEfficiency:
            case ToolCallCorrectness:
                return [await ToolCallsAsync(runtime, judge, context, cancellationToken).ConfigureAwait(false)];
            default:
                throw new NotSupportedException($"{judge.BuiltInClassName} does not run in .NET yet.");
        }

        Task<Feedback> AskAsync(string prompt) =>
            runtime.AskAsync(judge, judge.Name, [JudgeMessage.User(prompt)], s_yesNoSchema, normalizeYesNo: true, cancellationToken);
    }

    private static string GuidelinesPrompt(IEnumerable<string> rules, ScorerContext context) =>
        BuiltInPrompts.Guidelines(rules, [("request", InputText(context)), ("response", OutputText(context))]);

    private static Task<Feedback> FieldBasedAsync(
        JudgeRuntime runtime, BuiltInJudge judge, string instructions, IReadOnlyList<(string, JsonNode?)> fields, CancellationToken cancellationToken) =>
        runtime.AskAsync(judge, judge.Name, FieldBasedPrompt.Build(instructions, fields), JudgeSchemas.OneOf("yes", "no"), normalizeYesNo: true, cancellationToken);

    private static async Task<Feedback> EquivalenceAsync(JudgeRuntime runtime, BuiltInJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        if (context.Expectations is null || !context.Expectations.TryGetValue("expected_response", out var expected))
        {
            throw new MlflowException("Equivalence scorer requires `expected_response` in the `expectations` dictionary.");
        }

        var output = context.Outputs;
        if (Number(output) is { } actualNumber && Number(expected) is { } expectedNumber)
        {
            var close = Math.Abs(actualNumber - expectedNumber) <= 1e-9 * Math.Max(Math.Abs(actualNumber), Math.Abs(expectedNumber));
            return ExactMatch(judge, close, close ? "Exact numerical match" : $"Values do not match: {PythonFormat.Str(output)} != {PythonFormat.Str(expected)}");
        }

        if (PythonFormat.AsString(output) is { } actualText && PythonFormat.AsString(expected) is { } expectedText && actualText == expectedText)
        {
            return ExactMatch(judge, true, "Exact string match");
        }

        var prompt = BuiltInPrompts.Equivalence(PythonFormat.OutputsToString(output), PythonFormat.Str(expected));
        return await runtime.AskAsync(judge, judge.Name, [JudgeMessage.User(prompt)], s_yesNoSchema, normalizeYesNo: true, cancellationToken).ConfigureAwait(false);
    }

    private static Feedback ExactMatch(BuiltInJudge judge, bool match, string rationale) => new()
    {
        Name = judge.Name,
        Value = match ? "yes" : "no",
        Rationale = rationale,
        Source = AssessmentSource.FromCode(judge.Name),
    };

    private static async Task<IReadOnlyList<Feedback>> RetrievalAsync(
        JudgeRuntime runtime, BuiltInJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        Require(judge, context, TraceField);
        var trace = context.Trace!;
        var spans = trace.FindTopLevelRetrieverSpans();
        if (spans.Count == 0)
        {
            throw new MlflowException($"{judge.BuiltInClassName} requires a trace with at least one RETRIEVER span; none was found.");
        }

        var request = PythonFormat.InputsToString(context.Inputs ?? trace.Inputs);
        (string Claim, bool IsFacts)? claim = null;
        if (judge is RetrievalSufficiency)
        {
            claim = Claim(context) ?? throw new MlflowException(
                "RetrievalSufficiency requires either `expected_response` or `expected_facts` in the `expectations` dictionary or in the trace.");
        }

        var feedback = new List<Feedback>();
        foreach (var span in spans)
        {
            var documents = RetrievedDocuments.Of(span);
            switch (judge)
            {
                case RetrievalGroundedness:
                    var response = PythonFormat.OutputsToString(context.Outputs ?? trace.Outputs);
                    feedback.Add(await AskForSpanAsync(BuiltInPrompts.Groundedness(request, response, RetrievedDocuments.AsContext(documents)), span).ConfigureAwait(false));
                    break;
                case RetrievalSufficiency:
                    feedback.Add(await AskForSpanAsync(BuiltInPrompts.Sufficiency(request, claim!.Value.Claim, RetrievedDocuments.AsContext(documents)), span).ConfigureAwait(false));
                    break;
                default:
                    if (documents.Count == 0)
                    {
                        break;
                    }

                    var chunks = new List<Feedback>();
                    foreach (var document in documents)
                    {
                        chunks.Add(await AskForSpanAsync(BuiltInPrompts.RetrievalRelevance(request, document.Content), span).ConfigureAwait(false));
                    }

                    feedback.Add(new Feedback
                    {
                        Name = $"{judge.Name}/precision",
                        Value = (double)chunks.Count(c => PythonFormat.AsString(c.Value) == "yes") / chunks.Count,
                        Source = AssessmentSource.FromLlmJudge(runtime.ModelOf(judge)),
                        SpanId = span.SpanId,
                    });
                    feedback.AddRange(chunks);
                    break;
            }
        }

        return feedback;

        async Task<Feedback> AskForSpanAsync(string prompt, Span span)
        {
            var result = await runtime.AskAsync(judge, judge.Name, [JudgeMessage.User(prompt)], s_yesNoSchema, normalizeYesNo: true, cancellationToken)
                .ConfigureAwait(false);
            return result with { SpanId = span.SpanId };
        }
    }

    private static async Task<Feedback> ToolCallsAsync(
        JudgeRuntime runtime, BuiltInJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        Require(judge, context, TraceField);
        var calls = ToolCalls.Of(context.Trace!);
        var expected = Expectation(context, "expected_tool_calls") as JsonArray;
        if (judge is ToolCallCorrectness { ShouldExactMatch: true } exact)
        {
            if (expected is null)
            {
                throw new MlflowException("ToolCallCorrectness with ShouldExactMatch requires `expected_tool_calls` in the `expectations` dictionary.");
            }

            var (match, rationale) = ToolCalls.Compare(calls, expected, exact.ShouldConsiderOrdering);
            return ExactMatch(judge, match, rationale);
        }

        if (calls.Length == 0)
        {
            throw new MlflowException($"{judge.BuiltInClassName} requires a trace with at least one TOOL span; none was found.");
        }

        var request = PythonFormat.InputsToString(context.Inputs ?? context.Trace!.Inputs);
        var shown = PythonFormat.Dumps(new JsonArray(calls.Select(c => (JsonNode)c.DeepClone()).ToArray()), indent: 2);
        var prompt = judge is ToolCallEfficiency
            ? BuiltInPrompts.ToolCallEfficiency(request, shown)
            : BuiltInPrompts.ToolCallCorrectness(request, shown, expected is null ? null : PythonFormat.Dumps(expected, indent: 2));
        return await runtime.AskAsync(judge, judge.Name, [JudgeMessage.User(prompt)], s_yesNoSchema, normalizeYesNo: true, cancellationToken).ConfigureAwait(false);
    }

    private static void Require(BuiltInJudge judge, ScorerContext context, params string[] fields)
    {
        var missing = fields.Where(f => f switch
        {
            Inputs => context.Inputs is null,
            Outputs => context.Outputs is null,
            TraceField => context.Trace is null,
            _ => context.Expectations is null or { Count: 0 },
        }).ToArray();
        if (missing.Length > 0)
        {
            throw new MlflowException(
                $"{judge.BuiltInClassName} requires the following fields: {string.Join(", ", missing)}. Provide them directly or pass a trace containing them.");
        }
    }

    private static string InputText(ScorerContext context) => PythonFormat.InputsToString(context.Inputs);

    private static string OutputText(ScorerContext context) => PythonFormat.OutputsToString(context.Outputs);

    private static JsonNode? Expectation(ScorerContext context, string name) =>
        context.Expectations is { } expectations && expectations.TryGetValue(name, out var value) ? value : null;

    private static (string Claim, bool IsFacts)? Claim(ScorerContext context)
    {
        if (Expectation(context, "expected_response") is { } response)
        {
            return (PythonFormat.Str(response), false);
        }

        return Texts(Expectation(context, "expected_facts")) is { } facts ? (BuiltInPrompts.FactsClaim(facts), true) : null;
    }

    private static string[]? Texts(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(PythonFormat.Str).ToArray(),
        JsonValue when PythonFormat.AsString(node) is { } text => [text],
        _ => null,
    };

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && double.TryParse(
            value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
