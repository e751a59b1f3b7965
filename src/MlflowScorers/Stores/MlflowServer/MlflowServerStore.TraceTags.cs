using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Trace tags, set and deleted through the route Python's client uses (<see cref="MlflowServerPaths.TraceTags"/>).</summary>
internal sealed partial class MlflowServerStore : ITraceTagStore
{
    /// <inheritdoc />
    public async Task SetTraceTagAsync(string traceId, string key, string value, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Patch,
            MlflowServerPaths.TraceTags(traceId),
            new SetTraceTagRequest(key, value),
            s_json.SetTraceTagRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DeleteTraceTagAsync(string traceId, string key, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Delete,
            MlflowServerPaths.TraceTags(traceId),
            new DeleteTraceTagRequest(key),
            s_json.DeleteTraceTagRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
}
