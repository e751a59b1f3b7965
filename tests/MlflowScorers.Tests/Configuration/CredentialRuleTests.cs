using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Configuration;

/// <summary>One credential rule, checked when the credentials are configured: no secret over plain http to another host.</summary>
public sealed class CredentialRuleTests
{
    private const string Token = "dapi-SECRET-token-0123456789";

    [Test]
    public void Client_TokenOverPlainHttpToRemoteHost_RefusedAtConstructionNamingUriAndRule()
    {
        var options = new MlflowClientOptions { TrackingUri = "http://mlflow.example.com:5000", TrackingToken = Token, ReadEnvironment = false };

        var act = () => new MlflowClient(options);

        var error = act.Should().ThrowExactly<MlflowException>().Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Contain("http://mlflow.example.com:5000/").And.Contain(CredentialRule.Statement).And.NotContain(Token);
    }

    [Test]
    public void Client_PasswordOverPlainHttpToRemoteHost_Refused()
    {
        var options = new MlflowClientOptions
        {
            TrackingUri = "http://mlflow.example.com", TrackingUsername = "alice", TrackingPassword = "pa55", ReadEnvironment = false,
        };

        var act = () => new MlflowClient(options);

        act.Should().ThrowExactly<MlflowException>().Which.Message.Should().Contain("basic credentials").And.NotContain("pa55");
    }

    [TestCase("https://mlflow.example.com")]
    [TestCase("http://localhost:5000")]
    [TestCase("http://127.0.0.1:5000")]
    [TestCase("http://[::1]:5000")]
    public void EnsureAllowed_HttpsOrLoopback_Allowed(string url)
    {
        var act = () => CredentialRule.EnsureAllowed(new Uri(url), MlflowCredentials.Bearer(Token), "TrackingUri");

        act.Should().NotThrow();
    }

    [Test]
    public void EnsureAllowed_NoCredentials_PlainHttpAllowed()
    {
        var act = () => CredentialRule.EnsureAllowed(new Uri("http://mlflow.example.com"), null, "TrackingUri");

        act.Should().NotThrow();
    }

    [Test]
    public void JudgeRuntime_ApiKeyOverPlainHttpToRemoteHost_RefusedAtConstruction()
    {
        var options = new JudgeRuntimeOptions { OpenAIBaseUrl = new Uri("http://llm.example.com/v1"), OpenAIApiKey = Token };

        var act = () => new JudgeRuntime(options);

        act.Should().ThrowExactly<MlflowException>().Which.Message
            .Should().Contain("JudgeRuntimeOptions.OpenAIBaseUrl").And.Contain("http://llm.example.com/v1").And.NotContain(Token);
    }

    [Test]
    public void JudgeRuntime_DatabricksTokenOverPlainHttp_RefusedAtConstruction()
    {
        var options = new JudgeRuntimeOptions { DatabricksHost = new Uri("http://workspace.example.com"), DatabricksToken = Token };

        var act = () => new JudgeRuntime(options);

        act.Should().ThrowExactly<MlflowException>().Which.Message.Should().Contain("DATABRICKS_HOST (from options)").And.Contain("http://workspace.example.com/").And.NotContain(Token);
    }

    [Test]
    public async Task JudgeChannel_TakesItsHeaderFromTheSharedSource()
    {
        var recorder = new ReplyRecorder();
        using var http = new HttpClient(recorder);
        var channel = MlflowScorers.Judges.HttpChatChannel.OpenAI(http, new Uri("http://127.0.0.1:8000/v1"), "m", MlflowCredentials.Bearer(Token));

        await channel.CompleteAsync([new MlflowScorers.Judges.JudgeMessage("user", "hi")], [], null, CancellationToken.None);

        recorder.Authorization.Should().Be("Bearer " + Token);
    }

    private sealed class ReplyRecorder : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("{\"choices\":[{\"message\":{\"content\":\"yes\"}}]}", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
