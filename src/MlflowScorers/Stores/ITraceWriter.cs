using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>
/// Writes whole traces (info, spans, tags, metadata) into a backend directly. Only the local store implements it: an MLflow
/// server receives spans over OTLP instead.
/// </summary>
internal interface ITraceWriter
{
    /// <summary>Stores a trace and its spans in an experiment. Writing the same trace id again replaces its spans and info.</summary>
    Task WriteTraceAsync(string experimentId, Trace trace, CancellationToken cancellationToken);
}
