using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace MlflowScorers.Monitoring;

/// <summary>Runs the registered <see cref="ScorerMonitor"/> for the host's lifetime.</summary>
internal sealed class ScorerMonitorService(ScorerMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => monitor.RunAsync(stoppingToken);
}
