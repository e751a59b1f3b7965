using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>Tags on stored traces, on every backend that stores traces. Errors are <see cref="MlflowApiException"/> with MLflow's codes.</summary>
internal interface ITraceTagStore
{
    /// <summary>Sets (adds or replaces) a tag. Throws RESOURCE_DOES_NOT_EXIST when the trace does not exist.</summary>
    Task SetTraceTagAsync(string traceId, string key, string value, CancellationToken cancellationToken);

    /// <summary>Deletes a tag. Throws RESOURCE_DOES_NOT_EXIST when the trace or the tag does not exist.</summary>
    Task DeleteTraceTagAsync(string traceId, string key, CancellationToken cancellationToken);
}
