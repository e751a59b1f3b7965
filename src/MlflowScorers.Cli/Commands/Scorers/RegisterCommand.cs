using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Serialization;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>register builtin|guidelines|instructions|file</c>: registers a scorer in the experiment, as
/// <c>scorer.RegisterAsync</c> does; a name that exists gets a new version.</summary>
internal static class RegisterCommand
{
    /// <summary>Creates the command and its four forms.</summary>
    public static Command Create(CliActions actions)
    {
        var command = new Command("register", "Register a scorer: a built-in judge, a guidelines scorer, an instructions judge or a serialized_scorer file.")
        {
            BuiltIn(actions), GuidelinesScorer(actions), Instructions(actions), File(actions),
        };
        return command;
    }

    private static Command BuiltIn(CliActions actions)
    {
        var className = new Argument<string>("class")
        {
            Description = "The built-in judge's class name, as in Python: " + string.Join(", ", BuiltInClassNames()) + ".",
        };
        className.CompletionSources.Add(BuiltInClassNames());
        var name = NameOption();
        var model = ModelOption();
        var guidelines = GuidelineOption(required: false);
        var exactMatch = new Option<bool>("--should-exact-match") { Description = "ToolCallCorrectness: compare tool arguments exactly." };
        var ordering = new Option<bool>("--should-consider-ordering") { Description = "ToolCallCorrectness: the order of tool calls matters." };
        var host = HostOption();
        var command = new Command("builtin", "Register one of MLflow's built-in judges by class name.") { className, name, model, guidelines, exactMatch, ordering, host };
        actions.Bind(command, (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var cls = parse.GetRequiredValue(className);
            if (!BuiltInJudgeCatalog.TryFind(cls, out var entry))
            {
                throw new CliUsageException($"'{cls}' is not a built-in judge class; the classes are: {string.Join(", ", BuiltInClassNames())}.");
            }

            var data = new JsonObject();
            if (parse.GetValue(guidelines) is { Length: > 0 } rules)
            {
                data["guidelines"] = new JsonArray(rules.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
            }

            data["should_exact_match"] = parse.GetValue(exactMatch);
            data["should_consider_ordering"] = parse.GetValue(ordering);
            BuiltInJudge judge;
            try
            {
                judge = entry.Create(data);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"{cls}: {e.Message} (pass --guideline)", e);
            }

            judge = judge with { Model = parse.GetValue(model) ?? judge.Model, Host = parse.GetValue(host) };
            return RegisterAsync(context, judge, parse.GetValue(name), cancellationToken);
        });
        return command;
    }

    private static Command GuidelinesScorer(CliActions actions)
    {
        var name = RequiredNameOption();
        var model = ModelOption();
        var guidelines = GuidelineOption(required: true);
        var host = HostOption();
        var command = new Command("guidelines", "Register a guidelines scorer: the response must follow every --guideline.") { name, model, guidelines, host };
        actions.Bind(command, (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var scorer = new Guidelines(parse.GetRequiredValue(guidelines)) { Name = parse.GetRequiredValue(name), Model = parse.GetValue(model), Host = parse.GetValue(host) };
            return RegisterAsync(context, scorer, null, cancellationToken);
        });
        return command;
    }

    private static Command Instructions(CliActions actions)
    {
        var name = RequiredNameOption();
        var model = ModelOption();
        var text = new Option<string?>("--instructions") { Description = "The judge's instructions, with {{ inputs }}, {{ outputs }}, {{ expectations }} or {{ trace }}." };
        var file = new Option<FileInfo?>("--instructions-file") { Description = "Read the instructions from this file." };
        var valueType = new Option<string?>("--feedback-type")
        {
            Description = "The feedback value type: boolean, integer, number or string.",
        };
        valueType.AcceptOnlyFromAmong("boolean", "integer", "number", "string");
        var host = HostOption();
        var command = new Command("instructions", "Register an instructions judge (make_judge).") { name, model, text, file, valueType, host };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(text) is null) == (result.GetValue(file) is null))
            {
                result.AddError("Give exactly one of --instructions and --instructions-file.");
            }
        });
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var instructions = parse.GetValue(text) ?? await ReadFileAsync(parse.GetRequiredValue(file)!, cancellationToken).ConfigureAwait(false);
            var judge = new InstructionsJudge(parse.GetRequiredValue(name), instructions)
            {
                Model = parse.GetValue(model),
                Host = parse.GetValue(host),
                FeedbackValueType = parse.GetValue(valueType) switch
                {
                    "boolean" => FeedbackValueType.Boolean,
                    "integer" => FeedbackValueType.Integer,
                    "number" => FeedbackValueType.Number,
                    "string" => FeedbackValueType.String,
                    _ => null,
                },
            };
            return await RegisterAsync(context, judge, null, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command File(CliActions actions)
    {
        var path = new Argument<FileInfo>("path") { Description = "A JSON file holding one MLflow serialized_scorer object." };
        var name = NameOption();
        var command = new Command("file", "Register a scorer from a serialized_scorer JSON file (as MLflow stores it).") { path, name };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var payload = await ReadFileAsync(parse.GetRequiredValue(path), cancellationToken).ConfigureAwait(false);
            var registeredName = parse.GetValue(name) ?? NameInPayload(payload, parse.GetRequiredValue(path).Name);
            var scorer = SerializedScorerCodec.Deserialize(registeredName, payload);
            if (scorer is UnrecognizedScorer unrecognized)
            {
                throw new CliUsageException($"{parse.GetRequiredValue(path).Name} is not a serialized_scorer this SDK can register: {unrecognized.Reason}.");
            }

            return await RegisterAsync(context, scorer, registeredName, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RegisterAsync(CommandContext context, Scorer scorer, string? name, CancellationToken cancellationToken)
    {
        var registered = await context.Client.RegisterAsync(scorer, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var view = ScorerView.Of(registered);
        context.Output.Result(new ScorerDocument(view), $"registered {view.Name} version {view.Version} ({view.Kind}, runs on {view.Host}); start it with: mlflow-scorers start {view.Name} --sample-rate 0.5");
        return ExitCodes.Success;
    }

    private static Option<string?> NameOption() => new("--name")
    {
        Description = "The name to register the scorer under; default the scorer's own name.",
    };

    private static Option<string> RequiredNameOption() => new("--name")
    {
        Description = "The name to register the scorer under.",
        Required = true,
    };

    private static Option<ScorerHost> HostOption() => new("--host")
    {
        Description = "Where the judge runs: Server (the backend's registry; default) or DotNet (a .NET-hosted registration run by a ScorerMonitor).",
        DefaultValueFactory = _ => ScorerHost.Server,
    };

    private static Option<string?> ModelOption() => new("--model")
    {
        Description = "The judge model URI (gateway:/endpoint, databricks:/endpoint, openai:/model); default the backend's default judge.",
    };

    private static Option<string[]> GuidelineOption(bool required) => new("--guideline")
    {
        Description = "A guideline the response must follow (repeat for several).",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    private static async Task<string> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"The file '{file.FullName}' does not exist.");
        }

        return await System.IO.File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
    }

    private static string NameInPayload(string payload, string fileName)
    {
        try
        {
            return JsonNode.Parse(payload)?["name"]?.GetValue<string>() is { Length: > 0 } found
                ? found
                : throw new CliUsageException($"{fileName} has no \"name\" field; pass --name.");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{fileName} is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException($"{fileName}: the \"name\" field is not a string.", e);
        }
    }

    /// <summary>The class names of the SDK's built-in judges (the public records deriving from <see cref="BuiltInJudge"/>).</summary>
    internal static string[] BuiltInClassNames() => typeof(BuiltInJudge).Assembly.GetExportedTypes()
        .Where(t => t.IsSubclassOf(typeof(BuiltInJudge)) && !t.IsAbstract)
        .Select(t => t.Name)
        .Order(StringComparer.Ordinal)
        .ToArray();
}
