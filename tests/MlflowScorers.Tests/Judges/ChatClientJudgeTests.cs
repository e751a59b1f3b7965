using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace MlflowScorers.Tests.Judges;

public class ChatClientJudgeTests
{
    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"question": "What is MLflow?"}"""),
        Outputs = JsonValue.Create("MLflow is a platform."),
    };

    [Test]
    public async Task RunAsync_ChatClient_SendsPromptModelIdAndSchemaAndRecordsUsage()
    {
        var client = RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes"));
        var runtime = new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client });

        var feedback = (await runtime.RunAsync(new RelevanceToQuery { Model = "openai:/gpt-4o" }, s_row)).Single();

        var (messages, options) = client.Calls.Single();
        messages.Single().Role.Should().Be(ChatRole.User);
        messages.Single().Text.Should().Contain("<question>{'question': 'What is MLflow?'}</question>").And.Contain("<answer>MLflow is a platform.</answer>");
        options!.ModelId.Should().Be("gpt-4o");
        var format = options.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Subject;
        format.SchemaName.Should().Be("JudgeEvaluation");
        format.Schema!.Value.GetProperty("properties").GetProperty("rationale").GetProperty("type").GetString().Should().Be("string");
        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Source.SourceId.Should().Be("openai:/gpt-4o");
        feedback.Metadata![JudgeMetadataKeys.InputTokens].Should().Be("11");
        feedback.Metadata[JudgeMetadataKeys.OutputTokens].Should().Be("7");
    }

    [Test]
    public async Task RunAsync_AttemptTimesOut_ThrowsTimeoutException()
    {
        var time = new FakeTimeProvider();
        var started = new TaskCompletionSource();
        var client = new RecordingChatClient(async (_, _, token) =>
        {
            var never = new TaskCompletionSource<ChatResponse>();
            using var registration = token.Register(() => never.TrySetCanceled(token));
            started.SetResult();
            return await never.Task;
        });
        var runtime = new JudgeRuntime(new JudgeRuntimeOptions
        {
            ChatClient = client,
            MaxRetries = 0,
            AttemptTimeout = TimeSpan.FromSeconds(30),
            TimeProvider = time,
        });

        var run = runtime.RunAsync(new Safety(), s_row);
        await started.Task;
        time.Advance(TimeSpan.FromSeconds(31));

        var act = () => run;
        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("00:00:30");
    }

    [Test]
    public async Task RunAsync_DefaultModelLiteralDatabricksWithChatClient_PassesNoModelId()
    {
        var client = RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("no"));
        var runtime = new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client, DefaultModel = "databricks" });

        var feedback = (await runtime.RunAsync(new Safety(), s_row)).Single();

        client.Calls.Single().Options!.ModelId.Should().BeNull();
        feedback.Source.SourceId.Should().Be("databricks");
        feedback.Value!.GetValue<string>().Should().Be("no");
    }
}
