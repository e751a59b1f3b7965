using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

/// <summary>The SDK identifies itself (and the caller's application) on every request.</summary>
public sealed class UserAgentTests
{
    [TestCase(null, "")]
    [TestCase("my-app/1.2", " (my-app/1.2)")]
    public async Task Request_CarriesSdkUserAgent(string? applicationId, string suffix)
    {
        var innermost = new RecordingHandler();
        using var client = new TransportTestClient("http://127.0.0.1:5000", applicationId: applicationId, innermost: innermost);

        await client.Rest.GetAsync("/api/3.0/mlflow/scorers/list", [], TestJsonContext.Default.Probe, CancellationToken.None);

        var userAgent = string.Join(" ", innermost.Requests.Single().Headers.GetValues("User-Agent"));
        userAgent.Should().MatchRegex(@"^mlflow-scorers-dotnet/\d+\.\d+\.\d+[^ +]*" + System.Text.RegularExpressions.Regex.Escape(suffix) + "$");
    }

    [TestCase("")]
    [TestCase("bad (id)")]
    [TestCase("line\nbreak")]
    public void Constructor_InvalidApplicationId_Throws(string applicationId)
    {
        var act = () => new UserAgentHandler(applicationId);

        act.Should().Throw<ArgumentException>();
    }
}
