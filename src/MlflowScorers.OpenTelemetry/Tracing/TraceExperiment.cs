using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Stores;

namespace MlflowScorers.Tracing;

/// <summary>
/// The experiment traces go to, resolved as the client resolves its active experiment (an id as it is, a name looked up and
/// created when missing as <c>mlflow.set_experiment</c> does, else <c>0</c>), through a client on the same connection. A
/// failed lookup is not remembered, so a later export tries again.
/// </summary>
internal sealed class TraceExperiment : IAsyncDisposable
{
    private readonly MlflowClient _client;
    private volatile string? _id;

    public TraceExperiment(MlflowConnection connection, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var settings = new ClientSettings
        {
            Connection = connection,
            Retry = new MlflowRetryOptions().Freeze(),
            TimeProvider = timeProvider,
            LoggerFactory = loggerFactory,
        };
        var store = ScorerStoreFactory.Create(settings, httpClient: null);
        InfoWriter = store as ITraceInfoWriter;
        _client = new MlflowClient(settings, store);
    }

    /// <summary>Where trace infos go when the spans travel over OTLP: the MLflow server store of the same connection.</summary>
    public ITraceInfoWriter? InfoWriter { get; }

    /// <summary>The id, once resolved.</summary>
    public string? Id => _id;

    /// <summary>Resolves the id (once); on failure gives the cause, for the log.</summary>
    public bool TryResolve(out string id, out string? failure)
    {
        failure = null;
        if (_id is { } known)
        {
            id = known;
            return true;
        }

        try
        {
            id = _id = _client.GetActiveExperimentIdAsync(CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
#pragma warning disable CA1031 // Export must never throw into the application; the cause is logged instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            id = string.Empty;
            failure = ExportFailures.Describe(ex);
            return false;
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
