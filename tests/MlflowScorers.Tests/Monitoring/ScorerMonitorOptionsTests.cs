using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>Options are checked before any I/O, and the DI extension registers the monitor and its hosted service.</summary>
public sealed class ScorerMonitorOptionsTests
{
    [Test]
    public async Task Constructor_BadOption_ThrowsNamingIt()
    {
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "http://127.0.0.1:9", ReadEnvironment = false });

        var act = () => new ScorerMonitor(client, new ScorerMonitorOptions { BatchSize = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*BatchSize must be between 1 and 500*");
    }

    [Test]
    public async Task AddScorerMonitor_RegistersTheMonitorAndAHostedService()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(o =>
        {
            o.TrackingUri = "http://127.0.0.1:9";
            o.ReadEnvironment = false;
        });

        services.AddScorerMonitor(o => o.InstanceId = "pod-0");

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ScorerMonitor>().InstanceId.Should().Be("pod-0");
        provider.GetServices<IHostedService>().Should().ContainSingle();
    }
}
