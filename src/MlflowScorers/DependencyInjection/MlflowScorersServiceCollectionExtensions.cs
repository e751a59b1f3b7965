using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlflowScorers;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MlflowClient"/> in a service collection.</summary>
public static class MlflowScorersServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the registered <see cref="MlflowClient"/> uses.</summary>
    public const string HttpClientName = "MlflowScorers";

    /// <summary>
    /// Registers one shared <see cref="MlflowClient"/> (a singleton) configured by <paramref name="configure"/>, then environment
    /// variables. Returns the builder of its <see cref="HttpClient"/>, so you can add your own handlers.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>The builder of the client's HTTP pipeline.</returns>
    public static IHttpClientBuilder AddMlflowScorers(this IServiceCollection services, Action<MlflowClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MlflowClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddClient(services, section: null);
    }

    /// <summary>
    /// Registers one shared <see cref="MlflowClient"/> bound to a configuration section (for example <c>MlflowScorers</c> in
    /// appsettings.json: <c>TrackingUri</c>, <c>ExperimentName</c>, <c>Retry:MaxRetries</c>...), then <paramref name="configure"/>,
    /// then environment variables for what is still unset.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="configure">Sets options after binding; optional.</param>
    /// <returns>The builder of the client's HTTP pipeline.</returns>
    public static IHttpClientBuilder AddMlflowScorers(
        this IServiceCollection services, IConfiguration configuration, Action<MlflowClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<MlflowClientOptions>().Configure(o => BindClientOptions(configuration, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddClient(services, configuration);
    }

    private static IHttpClientBuilder AddClient(IServiceCollection services, IConfiguration? section)
    {
        // One resolver (options, then the section, then the environment) for the client, tracing and judges; the client's
        // settings are resolved once and shared by the client and every handler.
        services.TryAddSingleton(sp => ClientSettings.Resolver(
            sp.GetRequiredService<IOptions<MlflowClientOptions>>().Value, section, EnvironmentReader.Process));
        services.TryAddSingleton(sp => ClientSettings.From(
            sp.GetRequiredService<IOptions<MlflowClientOptions>>().Value, sp.GetRequiredService<MlflowSettingsResolver>()));
        services.TryAddSingleton(sp => new MlflowClient(
            sp.GetRequiredService<ClientSettings>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));

        // One long-lived pipeline; SocketsHttpHandler recycles connections itself, so DNS changes are still seen.
        return services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the retry handler's timeouts apply instead
            .AddHttpMessageHandler(sp => new UserAgentHandler(sp.GetRequiredService<ClientSettings>().ApplicationId))
            .AddHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<ClientSettings>();
                return new MlflowRetryHandler(settings.Retry, settings.TimeProvider);
            })
            .AddHttpMessageHandler(sp => sp.GetRequiredService<ClientSettings>().Connection.Credentials is { } credentials
                ? new AuthenticationHandler(credentials.Authenticator)
                : new AnonymousHandler());
    }

    /// <summary>
    /// Binds the client's own options. The connection keys (tracking URI, experiment, credentials) are not copied into the
    /// options: the resolver reads them from the section as a source of its own, below options set in code.
    /// </summary>
    private static void BindClientOptions(IConfiguration section, MlflowClientOptions options)
    {
        options.ApplicationId = section[nameof(MlflowClientOptions.ApplicationId)] ?? options.ApplicationId;
        if (bool.TryParse(section[nameof(MlflowClientOptions.ReadEnvironment)], out var readEnvironment))
        {
            options.ReadEnvironment = readEnvironment;
        }

        RetryOptionsBinding.Bind(options.Retry, section.GetSection(nameof(MlflowClientOptions.Retry)));
    }
}
