using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Databricks;

/// <summary>Trace tags on a workspace go through its MLflow REST API, exactly as on an MLflow server.</summary>
internal sealed partial class DatabricksScorerStore : ITraceTagStore
{
    /// <inheritdoc />
    public Task SetTraceTagAsync(string traceId, string key, string value, CancellationToken cancellationToken) =>
        _mlflow.SetTraceTagAsync(traceId, key, value, cancellationToken);

    /// <inheritdoc />
    public Task DeleteTraceTagAsync(string traceId, string key, CancellationToken cancellationToken) =>
        _mlflow.DeleteTraceTagAsync(traceId, key, cancellationToken);
}
