using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Client;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores;

namespace MlflowScorers;

/// <summary>
/// The entry point of the SDK: manages scorers and experiments on one backend (an MLflow server, or a local MLflow database),
/// chosen from the tracking URI as MLflow does. A client is immutable and thread-safe once built; make one per tracking URI
/// and share it. Members are virtual so that tests can mock the client.
/// </summary>
public partial class MlflowClient : IAsyncDisposable, IDisposable
{
    private readonly IScorerStore _store = null!;
    private readonly HostedScorers _hosted = null!;
    private readonly ClientSettings _settings = null!;
    private readonly ILogger _logger = NullLogger.Instance;
    private string? _defaultExperimentId;

    /// <summary>
    /// Builds a client from options; unset values come from the environment (<c>MLFLOW_TRACKING_URI</c> and friends), then
    /// MLflow's defaults. With nothing set anywhere, the client uses the local database <c>sqlite:///mlflow.db</c>.
    /// </summary>
    /// <param name="options">The options, or <see langword="null"/> for the environment alone; copied, so later changes do not affect the client.</param>
    /// <exception cref="ArgumentException">A configured value is invalid; the message names it.</exception>
    public MlflowClient(MlflowClientOptions? options = null)
        : this(ClientSettings.Resolve(options ?? new MlflowClientOptions()), httpClient: null)
    {
    }

    /// <summary>Builds a client over an <see cref="HttpClient"/> whose handlers are already configured (the DI path).</summary>
    /// <param name="httpClient">The HTTP client; used only for HTTP backends.</param>
    /// <param name="options">The options; copied.</param>
    /// <exception cref="ArgumentException">A configured value is invalid; the message names it.</exception>
    public MlflowClient(HttpClient httpClient, MlflowClientOptions options)
        : this(ClientSettings.Resolve(options), httpClient ?? throw new ArgumentNullException(nameof(httpClient)))
    {
    }

    /// <summary>For mocking only.</summary>
    protected MlflowClient()
        : this(isMock: true)
    {
    }

    internal MlflowClient(ClientSettings settings, HttpClient? httpClient)
        : this(settings, ScorerStoreFactory.Create(settings, httpClient))
    {
    }

    internal MlflowClient(ClientSettings settings, IScorerStore store)
    {
        _settings = settings;
        _store = store;
        _logger = settings.LoggerFactory.CreateLogger(MlflowLog.ClientCategory);
        _hosted = new HostedScorers(store, settings.TimeProvider);
    }

    private MlflowClient(bool isMock)
    {
        _ = isMock;
    }

    /// <summary>The backend store, for the monitor's checkpoint and lease tags (<c>null</c> on a mock).</summary>
    internal IScorerStore Store => _store;

    /// <summary>The logger factory of the client's settings, for code built on the client (the null factory on a mock).</summary>
    internal ILoggerFactory LoggerFactory => _settings?.LoggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>The tracking URI this client uses.</summary>
    public virtual string TrackingUri => _settings.TrackingUri;

    /// <summary>Describes the backend: its kind, MLflow version and whether it can start server-run scorers. Detected once per client.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description.</returns>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<BackendInfo> GetBackendInfoAsync(CancellationToken cancellationToken = default)
    {
        var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        return new BackendInfo
        {
            Description = capabilities.Description,
            MlflowVersion = capabilities.MlflowVersion,
            SupportsServerSampling = capabilities.SupportsServerSampling,
        };
    }

    /// <summary>Releases the backend's resources (for the local store, its database connections).</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Releases the backend's resources, as <see cref="DisposeAsync"/> does; for <c>using</c> blocks and service providers that
    /// dispose synchronously. Nothing in it waits on I/O.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; override in a derived mock if it holds any.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>; <see langword="false"/> after <see cref="DisposeAsyncCore"/> has run.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _store is not null)
        {
            // Both stores release their resources synchronously and return a completed task.
            _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Releases resources; override in a derived mock if it holds any.</summary>
    /// <returns>A task that completes when done.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The backend's capabilities; each store detects them once and caches them.</summary>
    private Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        _store.GetCapabilitiesAsync(cancellationToken);
}
