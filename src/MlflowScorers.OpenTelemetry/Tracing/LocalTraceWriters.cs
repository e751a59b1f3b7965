using System;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tracing;

/// <summary>Opens the local store of a <c>sqlite:</c> tracking URI as a trace writer.</summary>
internal static class LocalTraceWriters
{
    /// <summary>Opens the local MLflow database the URI names (created with MLflow's schema if missing).</summary>
    public static ITraceWriter Open(string trackingUri) => LocalScorerStore.FromUri(trackingUri, TimeProvider.System);
}
