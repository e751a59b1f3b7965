using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>
/// Sends a trace's info (tags, metadata, previews) to a backend that receives the spans separately, as MLflow's Python
/// client completes a trace: only the MLflow server store implements it, next to OTLP span export.
/// </summary>
internal interface ITraceInfoWriter
{
    /// <summary>Creates or completes the info of <see cref="TraceInfo.TraceId"/> in <see cref="TraceInfo.ExperimentId"/>.</summary>
    Task LogTraceInfoAsync(TraceInfo info, CancellationToken cancellationToken);
}
