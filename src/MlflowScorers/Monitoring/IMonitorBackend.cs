using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Monitoring;

/// <summary>
/// Everything the monitor reads and writes, in one seam: the experiment (its tags hold registrations, checkpoints and leases),
/// trace search and fetch, and feedback writes. Every backend has these, so the monitor's state lives in the backend itself.
/// </summary>
internal interface IMonitorBackend
{
    /// <summary>The experiment with its tags.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>Sets an experiment tag.</summary>
    Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken);

    /// <summary>Deletes an experiment tag.</summary>
    Task DeleteTagAsync(string experimentId, string key, CancellationToken cancellationToken);

    /// <summary>Trace infos (with assessments, without spans) matching the search, page by page.</summary>
    IAsyncEnumerable<Trace> SearchAsync(TraceSearchOptions options, CancellationToken cancellationToken);

    /// <summary>Full traces (spans and assessments); missing ids are left out.</summary>
    Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken);

    /// <summary>Writes one assessment.</summary>
    Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <see cref="CreateFeedbackBatchAsync"/> works here: the local store writes a batch in one transaction. Other
    /// backends (HTTP servers have no such call) write feedback one by one.
    /// </summary>
    bool WritesFeedbackBatches => false;

    /// <summary>
    /// Writes a batch of feedback atomically, skipping any whose idempotency key
    /// (<see cref="MonitorMetadataKeys.IdempotencyKey"/>) is already on its trace, checked inside the same transaction.
    /// </summary>
    /// <returns>Per feedback, in order, what was done with it.</returns>
    /// <exception cref="System.NotSupportedException"><see cref="WritesFeedbackBatches"/> is false.</exception>
    Task<IReadOnlyList<AssessmentWriteOutcome>> CreateFeedbackBatchAsync(IReadOnlyList<Assessment> feedback, CancellationToken cancellationToken) =>
        throw new System.NotSupportedException("This backend writes feedback one by one; check WritesFeedbackBatches first.");
}
