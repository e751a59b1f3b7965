using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Configuration;

/// <summary>One auth-header source for the transport, the OTLP exporter and the judge channel.</summary>
public sealed class MlflowCredentialsTests
{
    [Test]
    public async Task FromSettings_Token_WinsOverBasicAndSendsBearer()
    {
        var credentials = MlflowCredentials.FromSettings("tok", "alice", "pw")!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.com/");

        await credentials.Authenticator.AuthenticateAsync(request, CancellationToken.None);

        request.Headers.Authorization!.ToString().Should().Be("Bearer tok");
    }

    [Test]
    public async Task FromSettings_UserAndPassword_SendsBasic()
    {
        var credentials = MlflowCredentials.FromSettings(null, "alice", "pw")!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.com/");

        await credentials.Authenticator.AuthenticateAsync(request, CancellationToken.None);

        request.Headers.Authorization!.ToString().Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pw")));
    }

    [Test]
    public void FromSettings_Nothing_IsNone() => MlflowCredentials.FromSettings(null, null, null).Should().BeNull();

    [TestCase("alice", null, "MLFLOW_TRACKING_PASSWORD")]
    [TestCase(null, "pw", "MLFLOW_TRACKING_USERNAME")]
    public void FromSettings_HalfOfBasic_ThrowsNamingTheMissingSetting(string? user, string? password, string missing)
    {
        var act = () => MlflowCredentials.FromSettings(null, user, password);

        act.Should().Throw<ArgumentException>().WithMessage($"*{missing}*").Which.Message.Should().NotContain("pw");
    }

    [Test]
    public void ToString_HidesTheSecret() =>
        MlflowCredentials.Bearer("s3cret").ToString().Should().NotContain("s3cret");
}
