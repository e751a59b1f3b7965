using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Judges;

public class JudgeRuntimeTests
{
    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"question": "What is MLflow?"}"""),
        Outputs = JsonValue.Create("MLflow is an open source platform."),
    };

    [Test]
    public async Task RunAsync_OpenAIModel_SendsPromptSchemaAndKeyAndRecordsUsage()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));

        var feedback = (await endpoint.Runtime().RunAsync(new Safety { Model = "openai:/gpt-test" }, s_row)).Single();

        var request = endpoint.Requests.Single();
        request["model"]!.GetValue<string>().Should().Be("gpt-test");
        request["messages"]![0]!["role"]!.GetValue<string>().Should().Be("user");
        endpoint.PromptOf(0).Should().Contain("<text>MLflow is an open source platform.</text>");
        request["response_format"]!["type"]!.GetValue<string>().Should().Be("json_schema");
        request["response_format"]!["json_schema"]!["schema"]!["required"]!.ToJsonString().Should().Be("[\"result\",\"rationale\"]");
        endpoint.Server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single().Should().Be("Bearer test-key");
        feedback.Name.Should().Be("safety");
        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Rationale.Should().Be("It is fine.");
        feedback.Source.Should().Be(AssessmentSource.FromLlmJudge("openai:/gpt-test"));
        feedback.Metadata.Should().Equal(new Dictionary<string, string>
        {
            [JudgeMetadataKeys.InputTokens] = "120",
            [JudgeMetadataKeys.OutputTokens] = "30",
        });
    }

    [Test]
    public async Task RunAsync_StructuredOutputRejected_FallsBackToPlainTextAndRemembers()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (400, """{"error": {"message": "response_format json_schema is not supported"}}"""),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("no"))));
        var runtime = endpoint.Runtime();

        var first = (await runtime.RunAsync(new RelevanceToQuery(), s_row)).Single();
        var second = (await runtime.RunAsync(new RelevanceToQuery(), s_row)).Single();

        first.Value!.GetValue<string>().Should().Be("no");
        second.Value!.GetValue<string>().Should().Be("no");
        var requests = endpoint.Requests;
        requests.Should().HaveCount(3);
        requests[0]["response_format"].Should().NotBeNull();
        requests[1]["response_format"].Should().BeNull();
        requests[2]["response_format"].Should().BeNull();
        requests[1]["messages"]!.ToJsonString().Should().Be(requests[0]["messages"]!.ToJsonString());
    }

    [Test]
    public async Task RunAsync_ServerErrorThenSuccess_IsRetried()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (500, """{"error": "overloaded"}"""),
            (503, """{"error": "overloaded"}"""),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes"))));

        var feedback = (await endpoint.Runtime().RunAsync(new Safety(), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        endpoint.Requests.Should().HaveCount(3);
        endpoint.Requests.Should().OnlyContain(r => r["response_format"] != null);
    }

    [Test]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_IsRetried()
    {
        using var endpoint = new ScriptedJudgeEndpoint();
        endpoint.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(ScriptedJudgeEndpoint.ChatPath).UsingPost())
            .InScenario("throttle").WillSetStateTo("open")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0").WithBody("{}"));
        endpoint.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(ScriptedJudgeEndpoint.ChatPath).UsingPost())
            .InScenario("throttle").WhenStateIs("open")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes"))));

        var feedback = (await endpoint.Runtime().RunAsync(new Safety(), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        endpoint.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task RunAsync_RetryAfterHeader_IsRecordedOnTheFailure()
    {
        using var endpoint = new ScriptedJudgeEndpoint();
        endpoint.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(ScriptedJudgeEndpoint.ChatPath).UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithBody("{}"));

        var act = () => endpoint.Runtime(o => o.MaxRetries = 0).RunAsync(new Safety(), s_row);

        var failure = (await act.Should().ThrowAsync<HttpRequestException>()).Which;
        MlflowScorers.Judges.JudgeInvoker.RetryAfterOf(failure).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Test]
    public void RetryAfterOf_ServerDelay_IsUsedAndCapped()
    {
        MlflowScorers.Judges.JudgeInvoker.RetryAfterOf(Throttled(TimeSpan.FromSeconds(7))).Should().Be(TimeSpan.FromSeconds(7));
        MlflowScorers.Judges.JudgeInvoker.RetryAfterOf(Throttled(TimeSpan.FromHours(1))).Should().Be(TimeSpan.FromMinutes(1));
        MlflowScorers.Judges.JudgeInvoker.RetryAfterOf(new HttpRequestException("network")).Should().BeNull();
        MlflowScorers.Judges.JudgeInvoker.RetryAfterOf(null).Should().BeNull();

        static HttpRequestException Throttled(TimeSpan delay)
        {
            var exception = new HttpRequestException("x", null, HttpStatusCode.TooManyRequests);
            exception.Data[MlflowScorers.Judges.JudgeInvoker.RetryAfterKey] = delay;
            return exception;
        }
    }

    [Test]
    public async Task RunAsync_RetriesExhausted_ThrowsWithTheStatus()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (500, """{"error": "down"}"""));

        var act = () => endpoint.Runtime(o => o.MaxRetries = 2).RunAsync(new Safety(), s_row);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        endpoint.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task RunAsync_Unauthorized_IsNotRetried()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (401, """{"error": "bad key"}"""));

        var act = () => endpoint.Runtime().RunAsync(new Safety(), s_row);

        await act.Should().ThrowAsync<HttpRequestException>();
        endpoint.Requests.Should().ContainSingle();
    }

    [TestCase("```json\n{\"rationale\": \"fine\", \"result\": \"yes\"}\n```", "yes")]
    [TestCase("Sure! Here is the verdict: {\"rationale\": \"fine\", \"result\": \"no\"} Thanks.", "no")]
    [TestCase("{\"rationale\": \"fine\", \"result\": \"Pass\"}", "yes")]
    [TestCase("{\"rationale\": \"fine\", \"result\": \"perhaps\"}", "unknown")]
    public async Task RunAsync_ReplyShapes_ParseAsMlflowDoes(string reply, string expected)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(reply);

        var feedback = (await endpoint.Runtime().RunAsync(new Safety(), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be(expected);
    }

    [Test]
    public async Task RunAsync_ErrorReply_ThrowsWithTheJudgeError()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith("""{"error": "cannot evaluate"}""");

        var act = () => endpoint.Runtime().RunAsync(new Safety(), s_row);

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Judge evaluation failed with error: cannot evaluate");
    }

    [Test]
    public async Task ScorerRunner_JudgeErrorReply_BecomesScorerErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith("not json at all");

        var feedback = (await new ScorerRunner(endpoint.Runtime()).RunAsync(new Safety(), s_row)).Single();

        feedback.Error!.ErrorCode.Should().Be("SCORER_ERROR");
        feedback.Error.ErrorMessage.Should().Be("Failed to parse response from judge model. Response: not json at all");
    }

    [Test]
    public async Task RunAsync_DatabricksEndpoint_PostsToServingEndpointInvocations()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            "/serving-endpoints/databricks-gpt-oss-20b/invocations",
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes"))));

        var feedback = (await endpoint.Runtime().RunAsync(new Safety { Model = "databricks:/databricks-gpt-oss-20b" }, s_row)).Single();

        var request = endpoint.Requests.Single();
        request["model"].Should().BeNull();
        request["response_schema"]!["properties"]!["result"].Should().NotBeNull();
        request["messages"]![0]!["content"]!.GetValue<string>().Should().Contain("<text>MLflow is an open source platform.</text>");
        endpoint.Server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single().Should().Be("Bearer dapi-test");
        feedback.Source.SourceId.Should().Be("databricks:/databricks-gpt-oss-20b");
    }

    [Test]
    public async Task RunAsync_DatabricksWithoutHost_SaysWhichSettingIsNeeded()
    {
        var runtime = new JudgeRuntime(new JudgeRuntimeOptions { SettingsResolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None) });

        var act = () => runtime.RunAsync(new Safety { Model = "databricks:/ep" }, s_row);

        await act.Should().ThrowAsync<DatabricksAuthenticationException>()
            .WithMessage("Model 'databricks:/ep' runs on a Databricks serving endpoint*JudgeRuntimeOptions.DatabricksHost*No Databricks workspace is configured: set DATABRICKS_HOST*");
    }

    [Test]
    public async Task RunAsync_UnknownProvider_SaysHowToRunIt()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new Safety { Model = "anthropic:/claude" }, s_row);

        await act.Should().ThrowAsync<NotSupportedException>().WithMessage("*provider 'anthropic'*ChatClient*");
    }

    [Test]
    public async Task RunAsync_ContentParts_AreJoined()
    {
        var reply = new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "reasoning", ["summary"] = new JsonArray() },
                        new JsonObject { ["type"] = "text", ["text"] = ScriptedJudgeEndpoint.Verdict("yes") }),
                },
            }),
        }.ToJsonString();
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (200, reply));

        var feedback = (await endpoint.Runtime().RunAsync(new Safety(), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Metadata.Should().BeNull();
    }
}
