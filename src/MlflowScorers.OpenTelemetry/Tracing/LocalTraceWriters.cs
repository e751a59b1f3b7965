using System;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tracing;

/// <summary>Opens the local store of a <c>sqlite:</c> tracking URI as a trace writer.</summary>
internal static class LocalTraceWriters
{
    /// <summary>Opens the store; fails while the local store cannot write traces.</summary>
    public static ITraceWriter Open(string trackingUri)
    {
        var store = LocalScorerStore.FromUri(trackingUri, TimeProvider.System);
        if ((object)store is ITraceWriter writer)
        {
            return writer;
        }

        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        throw new NotSupportedException("This build's local store cannot write traces; use an MLflow server tracking URI.");
    }
}
