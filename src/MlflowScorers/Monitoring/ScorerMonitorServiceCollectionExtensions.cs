using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlflowScorers;
using MlflowScorers.Monitoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ScorerMonitor"/> as a hosted service.</summary>
public static class ScorerMonitorServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="ScorerMonitor"/> (a singleton over the registered <see cref="MlflowClient"/>, so call
    /// <c>AddMlflowScorers</c> too) and a hosted service that runs it for the host's lifetime. The monitor logs through the
    /// host's <see cref="ILoggerFactory"/> unless the options name another.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options: experiments, the code scorers this process runs, a judge runtime, limits, alerts.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddScorerMonitor(this IServiceCollection services, Action<ScorerMonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ScorerMonitorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<IOptions<ScorerMonitorOptions>>().Value;
            configured.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            return new ScorerMonitor(provider.GetRequiredService<MlflowClient>(), configured);
        });
        services.AddHostedService<ScorerMonitorService>();
        return services;
    }
}
