using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Traces and assessments in an MLflow SQLite database, read and written as an MLflow server does. Searches run MLflow's
/// filter grammar, order and paging in SQL (<see cref="LocalTraceFilter"/>, <see cref="LocalTraceOrder"/>). The caller makes sure the schema exists
/// (<see cref="LocalScorerStore"/> does).
/// </summary>
internal sealed class LocalTraceStore : ITraceStore, ITraceWriter
{
    private const int MaxResultsLimit = 500;
    private readonly LocalDatabase _database;
    private readonly TimeProvider _timeProvider;

    public LocalTraceStore(LocalDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateMaxResults(request.MaxResults);
        var clauses = TraceFilterParser.Parse(request.Filter);
        var order = TraceOrderByParser.Parse(request.OrderBy);
        var offset = LocalPageToken.Parse(request.PageToken);
        var experimentIds = request.ExperimentIds.Select(LocalExperimentQueries.ParseId).OfType<long>().Distinct().ToArray();

        // One row more than the page tells whether another page follows.
        var rows = await _database.ReadAsync(
            (connection, token) => LocalTraceQueries.SearchAsync(
                connection, experimentIds, clauses, order, offset, request.MaxResults + 1, token),
            cancellationToken).ConfigureAwait(false);
        var page = rows.Take(request.MaxResults).Select(r => r.ToTraceInfo()).ToArray();
        var next = rows.Count > request.MaxResults ? LocalPageToken.Create(offset + request.MaxResults) : null;
        return new TracePage(page, next);
    }

    /// <inheritdoc />
    public async Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        var rows = await _database.ReadAsync(
            (connection, token) => LocalTraceQueries.FindAsync(connection, null, [traceId], withSpans: true, token),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? throw LocalErrors.TraceNotFound(traceId) : ToTrace(rows[0]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var rows = await _database.ReadAsync(
            (connection, token) => LocalTraceQueries.FindAsync(connection, null, traceIds, withSpans: true, token),
            cancellationToken).ConfigureAwait(false);
        var byId = rows.Where(r => r.Spans.Count > 0).ToDictionary(r => r.RequestId, StringComparer.Ordinal);
        return traceIds.Distinct(StringComparer.Ordinal).Where(byId.ContainsKey).Select(id => ToTrace(byId[id])).ToArray();
    }

    /// <inheritdoc />
    public Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken) =>
        LocalAssessmentOperations.CreateAsync(_database, _timeProvider, assessment, cancellationToken);

    /// <inheritdoc />
    public Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken) =>
        LocalAssessmentOperations.GetAsync(_database, traceId, assessmentId, cancellationToken);

    /// <inheritdoc />
    public Task<Assessment> UpdateAssessmentAsync(
        string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken) =>
        LocalAssessmentOperations.UpdateAsync(_database, _timeProvider, traceId, assessmentId, update, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken) =>
        LocalAssessmentOperations.DeleteAsync(_database, traceId, assessmentId, cancellationToken);

    /// <inheritdoc />
    public async Task WriteTraceAsync(string experimentId, Trace trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(trace);
        await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                var experiment = await LocalExperimentQueries.FindAsync(
                    connection, transaction, id.ToString(CultureInfo.InvariantCulture), token).ConfigureAwait(false);
                await LocalTraceWriter.WriteAsync(
                    connection, transaction, id, experiment?.ArtifactLocation, trace, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), token)
                    .ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static Trace ToTrace(LocalTraceRow row) => new() { Info = row.ToTraceInfo(), Spans = LocalSpanContent.Parse(row.Spans) };

    private static void ValidateMaxResults(int maxResults)
    {
        var problem = maxResults < 1 ? "a positive integer" : maxResults > MaxResultsLimit ? $"at most {MaxResultsLimit}" : null;
        if (problem is not null)
        {
            throw new MlflowApiException(
                HttpStatusCode.BadRequest,
                MlflowErrorCode.InvalidParameterValue,
                $"Invalid value {maxResults.ToString(CultureInfo.InvariantCulture)} for parameter 'max_results' supplied. It must be {problem}");
        }
    }
}
