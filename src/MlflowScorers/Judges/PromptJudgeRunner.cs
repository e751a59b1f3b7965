using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>
/// Runs a prompt judge (spec §4.2): fills the template, shows the <c>[[choice]]</c> categories as plain words, asks for the
/// chosen category, maps it to a number when numeric values are set (keeping the label in metadata <c>string_value</c>), and
/// returns any failure as feedback carrying the error.
/// </summary>
internal static partial class PromptJudgeRunner
{
    public static async Task<IReadOnlyList<Feedback>> RunAsync(
        JudgeRuntime runtime, PromptJudge judge, ScorerContext context, CancellationToken cancellationToken)
    {
        var source = AssessmentSource.FromLlmJudge($"custom_prompt_judge_{judge.Name}");
        try
        {
            var prompt = BuildPrompt(judge, context);
            var schema = JudgeSchemas.OneOf([.. judge.Choices]);
            var feedback = await runtime.AskAsync(judge, judge.Name, [JudgeMessage.User(prompt)], schema, normalizeYesNo: false, cancellationToken)
                .ConfigureAwait(false);
            var choice = PythonFormat.AsString(feedback.Value);
            if (choice is null || !judge.Choices.Contains(choice))
            {
                throw new MlflowException(
                    $"The judge chose '{PythonFormat.Str(feedback.Value)}', which is not one of the choices: {string.Join(", ", judge.Choices)}.");
            }

            if (judge.NumericValues is not { } numbers)
            {
                return [feedback with { Source = source }];
            }

            var metadata = new Dictionary<string, string>(feedback.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [JudgeMetadataKeys.StringValue] = choice,
            };
            return [feedback with { Source = source, Value = numbers[choice], Metadata = metadata }];
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // MLflow's prompt judge returns every failure as feedback.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return
            [
                new Feedback
                {
                    Name = judge.Name,
                    Source = source,
                    Error = new AssessmentError { ErrorCode = exception.GetType().Name, ErrorMessage = exception.Message, StackTrace = exception.ToString() },
                },
            ];
        }
    }

    /// <summary>The prompt sent to the model: the filled template with choices as plain words, then the output contract.</summary>
    internal static string BuildPrompt(PromptJudge judge, ScorerContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (Match match in Variable().Matches(judge.PromptTemplate))
        {
            var name = match.Groups[1].Value;
            if (values.ContainsKey(name) || missing.Contains(name))
            {
                continue;
            }

            if (Resolve(name, context) is { } value)
            {
                values[name] = value;
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new MlflowException(
                $"Prompt judge '{judge.Name}' has no value for: {string.Join(", ", missing)}. Give them as inputs, outputs or expectations (request and response name the inputs and outputs).");
        }

        var filled = Choice().Replace(PromptTemplate.Fill(judge.PromptTemplate, values), m => m.Groups[1].Value).Trim();
        return filled + "\n\n" + BuiltInPrompts.OutputBlock(
            "the category you chose, written exactly as one of: " + string.Join(", ", judge.Choices.Select(c => $"\"{c}\"")));
    }

    private static string? Resolve(string name, ScorerContext context) => name switch
    {
        "inputs" when context.Inputs is not null => PythonFormat.Str(context.Inputs),
        "outputs" when context.Outputs is not null => PythonFormat.Str(context.Outputs),
        "request" when context.Inputs is not null => PythonFormat.InputsToString(context.Inputs),
        "response" when context.Outputs is not null => PythonFormat.OutputsToString(context.Outputs),
        _ => Lookup(context.Inputs, name) ?? Lookup(context.Outputs, name)
            ?? (context.Expectations is { } e && e.TryGetValue(name, out var value) && value is not null ? PythonFormat.Str(value) : null),
    };

    private static string? Lookup(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is { } value ? PythonFormat.Str(value) : null;

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\[\[([\w ]+)\]\]")]
    private static partial Regex Choice();
}
