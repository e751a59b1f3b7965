using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>Backend detection is logged once, with what was found.</summary>
public sealed class CapabilityLoggingTests
{
    [TestCase(FakeServerVersion.Mlflow36, false)]
    [TestCase(FakeServerVersion.Mlflow311, true)]
    public async Task GetBackendInfo_LogsTheDetectedBackendOnce(FakeServerVersion version, bool supportsSampling)
    {
        using var server = FakeMlflowServer.Start(version);
        var loggers = new CapturingLoggerFactory();
        await using var client = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = server.Url, ReadEnvironment = false, LoggerFactory = loggers, Retry = { MaxRetries = 0 },
        });

        await client.GetBackendInfoAsync();
        await client.GetBackendInfoAsync();

        var line = loggers.Lines.Should().ContainSingle(l => l.EventId == MlflowLogEvents.BackendDetected).Which;
        line.Values["SupportsServerSampling"].Should().Be(supportsSampling);
        line.Message.Should().Contain("MLflow server");
        line.Category.Should().Be(MlflowLog.ClientCategory);
    }
}
