using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Local;

/// <summary>The local store's trace tags; see <see cref="LocalTraceTags"/>.</summary>
internal sealed partial class LocalScorerStore : ITraceTagStore
{
    /// <inheritdoc />
    public async Task SetTraceTagAsync(string traceId, string key, string value, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await LocalTraceTags.SetAsync(_database, traceId, key, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteTraceTagAsync(string traceId, string key, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await LocalTraceTags.DeleteAsync(_database, traceId, key, cancellationToken).ConfigureAwait(false);
    }
}
