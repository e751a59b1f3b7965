using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;

namespace MlflowScorers.Cli.Tests.Scorers;

/// <summary>The scorer lifecycle commands against a temporary local store.</summary>
public sealed class ScorerCommandTests
{
    private TempStore _store = null!;
    private CliHarness _cli = null!;

    [SetUp]
    public void CreateStore()
    {
        _store = new TempStore();
        _cli = new CliHarness(_store.TrackingUri);
    }

    [TearDown]
    public void DeleteStore() => _store.Dispose();

    [Test]
    public async Task RegisterBuiltIn_ThenList_ShowsTheScorerInTableAndJson()
    {
        var register = await _cli.RunAsync("register", "builtin", "Safety", "--name", "my_safety", "--model", "gateway:/judge");
        register.ExitCode.Should().Be(ExitCodes.Success, register.Error);
        register.Output.Should().Contain("registered my_safety version 1");

        var table = await _cli.RunAsync("list");
        table.ExitCode.Should().Be(ExitCodes.Success);
        table.Output.Should().Contain("my_safety").And.Contain("BuiltIn").And.Contain("gateway:/judge").And.Contain("Stopped");

        var json = (await _cli.RunAsync("list", "--json")).Json;
        var scorer = json["scorers"]!.AsArray().Single()!;
        scorer["name"]!.GetValue<string>().Should().Be("my_safety");
        scorer["version"]!.GetValue<int>().Should().Be(1);
        scorer["kind"]!.GetValue<string>().Should().Be("built_in");
        scorer["host"]!.GetValue<string>().Should().Be("server");
        scorer["status"]!.GetValue<string>().Should().Be("stopped");
        scorer["model"]!.GetValue<string>().Should().Be("gateway:/judge");
        scorer.AsObject().Select(p => p.Key).Should().Equal(
            "name", "version", "kind", "host", "status", "sample_rate", "filter_string", "model", "experiment_id", "creation_time");
    }

    [Test]
    public async Task RegisterBuiltIn_WithGuidelinesAndToolOptions_KeepsThem()
    {
        (await _cli.RunAsync("register", "builtin", "Guidelines", "--name", "english", "--guideline", "Reply in English.", "--guideline", "Be brief."))
            .ExitCode.Should().Be(ExitCodes.Success);
        (await _cli.RunAsync("register", "builtin", "ToolCallCorrectness", "--should-exact-match", "--host", "dotnet")).ExitCode.Should().Be(ExitCodes.Success);

        var scorers = (await _cli.RunAsync("list", "--json")).Json["scorers"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["host"]!.GetValue<string>());
        scorers.Should().Equal(new System.Collections.Generic.Dictionary<string, string> { ["english"] = "server", ["tool_call_correctness"] = "dot_net" });
    }

    [Test]
    public async Task RegisterBuiltIn_JudgeTheBackendCannotLoad_IsUnsupportedNamingWhatWouldWork()
    {
        var run = await _cli.RunAsync("register", "builtin", "ToolCallCorrectness");

        run.ExitCode.Should().Be(ExitCodes.Unsupported);
        run.Error.Should().StartWith("error [NOT_SUPPORTED]: ").And.Contain("MLflow 3.7");
    }

    [Test]
    public async Task RegisterBuiltIn_UnknownClass_IsBadInputNamingTheClasses()
    {
        var run = await _cli.RunAsync("register", "builtin", "Safty");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().StartWith("error [BAD_INPUT]: 'Safty' is not a built-in judge class").And.Contain("Safety");
        run.Error.Trim().Split('\n').Should().ContainSingle("the error is one line without --verbose");
    }

    [Test]
    public async Task RegisterBuiltIn_GuidelinesWithoutRules_IsBadInput()
    {
        var run = await _cli.RunAsync("register", "builtin", "Guidelines");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("--guideline");
    }

    [Test]
    public async Task RegisterGuidelinesAndInstructions_CreateScorersOfEachKind()
    {
        (await _cli.RunAsync("register", "guidelines", "--name", "polite", "--guideline", "Be polite.")).ExitCode.Should().Be(ExitCodes.Success);
        var instructionsFile = _store.PathOf("instructions.txt");
        await File.WriteAllTextAsync(instructionsFile, "Does {{ outputs }} answer {{ inputs }}? Answer yes or no.");
        var instructions = await _cli.RunAsync("register", "instructions", "--name", "answers", "--instructions-file", instructionsFile, "--feedback-type", "boolean", "--json");
        instructions.ExitCode.Should().Be(ExitCodes.Success, instructions.Error);
        instructions.Json["scorer"]!["kind"]!.GetValue<string>().Should().Be("instructions");

        var kinds = (await _cli.RunAsync("list", "--json")).Json["scorers"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["kind"]!.GetValue<string>());
        kinds.Should().Equal(new System.Collections.Generic.Dictionary<string, string> { ["answers"] = "instructions", ["polite"] = "built_in" });
    }

    [Test]
    public async Task RegisterInstructions_UnknownTemplateVariable_IsBadInputBeforeAnyWrite()
    {
        var run = await _cli.RunAsync("register", "instructions", "--name", "bad", "--instructions", "Judge {{ answer }}.");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("answer");
        (await _cli.RunAsync("list", "--json")).Json["scorers"]!.AsArray().Should().BeEmpty();
    }

    [Test]
    public async Task RegisterInstructions_BothTextAndFile_IsAParseError()
    {
        var run = await _cli.RunAsync("register", "instructions", "--name", "x", "--instructions", "a {{ outputs }}", "--instructions-file", "f.txt");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("exactly one of --instructions and --instructions-file");
    }

    [Test]
    public async Task RegisterFile_ReadsASerializedScorer()
    {
        var file = _store.PathOf("scorer.json");
        await File.WriteAllTextAsync(file, """
            {"name": "relevance", "aggregations": null, "description": null, "mlflow_version": "3.6.0", "serialization_version": 1,
             "builtin_scorer_class": "RelevanceToQuery", "builtin_scorer_pydantic_data": {"name": "relevance", "aggregations": null, "description": null, "required_columns": ["inputs", "outputs"], "model": null},
             "call_source": null, "call_signature": null, "original_func_name": null, "instructions_judge_pydantic_data": null}
            """);

        var run = await _cli.RunAsync("register", "file", file, "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["scorer"]!["name"]!.GetValue<string>().Should().Be("relevance");
        (await _cli.RunAsync("get", "relevance")).Output.Should().Contain("relevance");
    }

    [Test]
    public async Task RegisterFile_NotAScorer_IsBadInputWithTheReason()
    {
        var file = _store.PathOf("scorer.json");
        await File.WriteAllTextAsync(file, """{"name": "x", "something": 1}""");

        var run = await _cli.RunAsync("register", "file", file);

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("no scorer family is present");
    }

    [Test]
    public async Task RegisterFile_Missing_IsBadInput()
    {
        var run = await _cli.RunAsync("register", "file", _store.PathOf("absent.json"));

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("does not exist");
    }

    [Test]
    public async Task StartUpdateStop_ChangeTheSamplingAndKeepTheFilter()
    {
        await _cli.RunAsync("register", "builtin", "Safety");

        var started = await _cli.RunAsync("start", "safety", "--sample-rate", "0.5", "--filter", "tags.env = 'prod'", "--json");
        started.ExitCode.Should().Be(ExitCodes.Success, started.Error);
        started.Json["scorer"]!["status"]!.GetValue<string>().Should().Be("started");
        started.Json["scorer"]!["sample_rate"]!.GetValue<double>().Should().Be(0.5);

        var updated = await _cli.RunAsync("update", "safety", "--sample-rate", "0.8");
        updated.ExitCode.Should().Be(ExitCodes.Success);
        updated.Output.Should().Be("updated safety (version 1): Started, sample rate 0.8, filter tags.env = 'prod'\n");

        var stopped = await _cli.RunAsync("stop", "safety", "--json");
        stopped.Json["scorer"]!["status"]!.GetValue<string>().Should().Be("stopped");
        stopped.Json["scorer"]!["filter_string"]!.GetValue<string>().Should().Be("tags.env = 'prod'");
    }

    [TestCase("1.5")]
    [TestCase("-0.1")]
    public async Task Start_SampleRateOutsideZeroToOne_IsBadInput(string rate)
    {
        await _cli.RunAsync("register", "builtin", "Safety");

        var run = await _cli.RunAsync("start", "safety", "--sample-rate", rate, "--json");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain($"--sample-rate {rate} is outside [0, 1]");
        run.Json["error"]!["error_code"]!.GetValue<string>().Should().Be("BAD_INPUT");
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(ExitCodes.BadInput);
    }

    [Test]
    public async Task Start_WithoutSampleRate_IsBadInput()
    {
        var run = await _cli.RunAsync("start", "safety");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("--sample-rate");
    }

    [Test]
    public async Task Start_MalformedFilter_IsBadInputWithTheSdkCode()
    {
        await _cli.RunAsync("register", "builtin", "Safety");

        var run = await _cli.RunAsync("start", "safety", "--sample-rate", "0.5", "--filter", "tags.env ==");

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.Error);
        run.Error.Should().StartWith("error [INVALID_PARAMETER_VALUE]: ");
    }

    [Test]
    public async Task Update_WithNothingToChange_IsBadInput()
    {
        var run = await _cli.RunAsync("update", "safety");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("nothing would change");
    }

    [Test]
    public async Task GetAndVersions_ShowEachVersion()
    {
        await _cli.RunAsync("register", "guidelines", "--name", "tone", "--guideline", "Be calm.");
        await _cli.RunAsync("register", "guidelines", "--name", "tone", "--guideline", "Be calm and brief.");

        (await _cli.RunAsync("get", "tone", "--json")).Json["scorer"]!["version"]!.GetValue<int>().Should().Be(2);
        (await _cli.RunAsync("get", "tone", "--version", "1", "--json")).Json["scorer"]!["version"]!.GetValue<int>().Should().Be(1);
        (await _cli.RunAsync("versions", "tone", "--json")).Json["scorers"]!.AsArray().Select(s => s!["version"]!.GetValue<int>())
            .Should().BeEquivalentTo([1, 2]);
    }

    [Test]
    public async Task Get_UnknownScorer_IsNotFoundWithTheServerCode()
    {
        var run = await _cli.RunAsync("get", "absent", "--json");

        run.ExitCode.Should().Be(ExitCodes.NotFound);
        run.Error.Should().StartWith("error [RESOURCE_DOES_NOT_EXIST]: ").And.Contain("absent");
        run.Json["error"]!["error_code"]!.GetValue<string>().Should().Be("RESOURCE_DOES_NOT_EXIST");
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(ExitCodes.NotFound);
    }

    [Test]
    public async Task Get_VersionZero_IsBadInput()
    {
        var run = await _cli.RunAsync("get", "tone", "--version", "0");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("versions start at 1");
    }

    [Test]
    public async Task Delete_WithoutFlags_DeletesTheLatestVersion()
    {
        await _cli.RunAsync("register", "guidelines", "--name", "tone", "--guideline", "One.");
        await _cli.RunAsync("register", "guidelines", "--name", "tone", "--guideline", "Two.");

        var run = await _cli.RunAsync("delete", "tone", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["version"]!.GetValue<int>().Should().Be(2);
        run.Json["all_versions"]!.GetValue<bool>().Should().BeFalse();
        (await _cli.RunAsync("versions", "tone", "--json")).Json["scorers"]!.AsArray().Should().ContainSingle();
    }

    [Test]
    public async Task Delete_VersionAndAllTogether_IsBadInput()
    {
        var run = await _cli.RunAsync("delete", "tone", "--version", "1", "--all");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("cannot be given together");
    }

    [Test]
    public async Task DeleteAll_WithoutTerminalOrYes_IsRefusedAndKeepsTheScorer()
    {
        await _cli.RunAsync("register", "builtin", "Safety");

        var run = await _cli.RunAsync("delete", "safety", "--all", "--json");

        run.ExitCode.Should().Be(ExitCodes.NotConfirmed);
        run.Error.Should().Contain("pass --yes");
        run.Json["error"]!["error_code"]!.GetValue<string>().Should().Be("NOT_CONFIRMED");
        (await _cli.RunAsync("get", "safety")).ExitCode.Should().Be(ExitCodes.Success);
    }

    [Test]
    public async Task DeleteAll_DeclinedAtThePrompt_KeepsTheScorer()
    {
        await _cli.RunAsync("register", "builtin", "Safety");

        var run = await _cli.RunInteractiveAsync("n\n", "delete", "safety", "--all");

        run.ExitCode.Should().Be(ExitCodes.NotConfirmed);
        run.Error.Should().Contain("Delete every version of scorer 'safety' [y/N]").And.Contain("declined");
        (await _cli.RunAsync("get", "safety")).ExitCode.Should().Be(ExitCodes.Success);
    }

    [Test]
    public async Task DeleteAll_ConfirmedAtThePromptOrWithYes_DeletesEveryVersion()
    {
        await _cli.RunAsync("register", "builtin", "Safety");
        await _cli.RunAsync("register", "builtin", "RelevanceToQuery");

        (await _cli.RunInteractiveAsync("y\n", "delete", "safety", "--all")).ExitCode.Should().Be(ExitCodes.Success);
        var withYes = await _cli.RunAsync("delete", "relevance_to_query", "--all", "--yes", "--json");

        withYes.ExitCode.Should().Be(ExitCodes.Success);
        withYes.Json["all_versions"]!.GetValue<bool>().Should().BeTrue();
        (await _cli.RunAsync("get", "safety")).ExitCode.Should().Be(ExitCodes.NotFound);
        (await _cli.RunAsync("list", "--json")).Json["scorers"]!.AsArray().Should().BeEmpty();
    }

    [Test]
    public async Task Register_TwentyFirstScorer_IsUnsupported()
    {
        for (var i = 0; i < 20; i++)
        {
            (await _cli.RunAsync("register", "guidelines", "--name", $"g{i}", "--guideline", "Be kind.")).ExitCode.Should().Be(ExitCodes.Success);
        }

        var run = await _cli.RunAsync("register", "guidelines", "--name", "g20", "--guideline", "Be kind.");

        run.ExitCode.Should().Be(ExitCodes.Unsupported);
        run.Error.Should().StartWith("error [LIMIT_EXCEEDED]: ");
    }

    [Test]
    public async Task UnknownCommand_IsBadInput()
    {
        var run = await _cli.RunAsync("frobnicate");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("frobnicate");
    }

    [Test]
    public async Task ExperimentName_SelectsAndCreatesTheExperiment()
    {
        (await _cli.RunAsync("--experiment-name", "cli-tests", "register", "builtin", "Safety")).ExitCode.Should().Be(ExitCodes.Success);

        (await _cli.RunAsync("--experiment-name", "cli-tests", "list", "--json")).Json["scorers"]!.AsArray().Should().ContainSingle();
        (await _cli.RunAsync("list", "--json")).Json["scorers"]!.AsArray().Should().BeEmpty("the default experiment is another one");
    }
}
