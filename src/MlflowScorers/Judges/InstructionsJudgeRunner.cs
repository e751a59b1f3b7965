using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>Runs an instructions judge in field-based mode (spec §4.3); the result is kept as the judge returned it.</summary>
internal static class InstructionsJudgeRunner
{
    public static async Task<IReadOnlyList<Feedback>> RunAsync(
        JudgeRuntime runtime, InstructionsJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        var variables = judge.TemplateVariables;
        if (variables.Contains("trace") || variables.Contains("conversation"))
        {
            throw new NotSupportedException(
                $"Instructions judge '{judge.Name}' uses {{{{ trace }}}} or {{{{ conversation }}}}; .NET runs only the field-based mode ({{{{ inputs }}}}, {{{{ outputs }}}}, {{{{ expectations }}}}).");
        }

        var fields = variables.Select(v => (Name: v, Value: v switch
        {
            "inputs" => context.Inputs,
            "outputs" => context.Outputs,
            _ => Expectations(context),
        })).ToArray();
        var missing = fields.Where(f => f.Value is null).Select(f => $"'{f.Name}'").ToArray();
        if (missing.Length > 0)
        {
            throw new MlflowException($"Must specify {string.Join(", ", missing)} - required by template variables in instructions.");
        }

        var messages = FieldBasedPrompt.Build(judge.Instructions, fields);
        return [await runtime.AskAsync(judge, judge.Name, messages, JudgeSchemas.For(judge.FeedbackValueType), normalizeYesNo: false, cancellationToken).ConfigureAwait(false)];
    }

    private static JsonObject? Expectations(ScorerContext context) =>
        context.Expectations is { } expectations
            ? new JsonObject(expectations.Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone())))
            : null;
}
