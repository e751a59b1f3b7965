using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>The rows of MLflow's <c>assessments</c> table, written as MLflow's <c>SqlAssessments.from_mlflow_entity</c> writes them.</summary>
internal static class LocalAssessmentQueries
{
    private const string Select = "SELECT " + LocalAssessmentRow.Columns + " FROM assessments";

    /// <summary>The assessments of each trace, oldest first (in the order they were written when created in the same millisecond).</summary>
    public static async Task<ILookup<string, LocalAssessmentRow>> ListAsync(
        SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<string> traceIds, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryByIdsAsync(
            connection,
            transaction,
            Select + " WHERE trace_id IN ({ids}) ORDER BY created_timestamp, rowid",
            traceIds,
            LocalAssessmentRow.Read,
            cancellationToken).ConfigureAwait(false);
        return rows.ToLookup(r => r.Assessment.TraceId!, StringComparer.Ordinal);
    }

    /// <summary>The (trace id, value) pairs of one metadata key over the assessments of these traces.</summary>
    public static async Task<HashSet<(string TraceId, string Value)>> MetadataValuesAsync(
        SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<string> traceIds, string key, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryByIdsAsync(
            connection,
            transaction,
            "SELECT trace_id, assessment_metadata FROM assessments WHERE trace_id IN ({ids}) AND assessment_metadata IS NOT NULL",
            traceIds,
            reader => (TraceId: reader.GetString(0), Metadata: reader.GetString(1)),
            cancellationToken).ConfigureAwait(false);
        var values = new HashSet<(string, string)>();
        foreach (var (traceId, metadata) in rows)
        {
            if (LocalAssessmentRow.ReadMetadata(metadata).TryGetValue(key, out var value))
            {
                values.Add((traceId, value));
            }
        }

        return values;
    }

    public static async Task<LocalAssessmentRow?> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryAsync(
            connection,
            transaction,
            Select + " WHERE trace_id = $traceId AND assessment_id = $assessmentId",
            LocalAssessmentRow.Read,
            cancellationToken,
            ("$traceId", traceId),
            ("$assessmentId", assessmentId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts an assessment that has its id, trace id and times set; it is stored as valid.</summary>
    public static Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, Assessment assessment, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO assessments (" + LocalAssessmentRow.Columns + ", run_id) VALUES ($id, $traceId, $name, $type, $value, $error, "
                + "$created, $updated, $sourceType, $sourceId, $spanId, $rationale, $overrides, 1, $metadata, NULL)",
            cancellationToken,
            ("$id", assessment.AssessmentId),
            ("$traceId", assessment.TraceId),
            ("$name", assessment.Name),
            ("$type", assessment is Expectation ? LocalAssessmentRow.ExpectationType : LocalAssessmentRow.FeedbackType),
            ("$value", LocalAssessmentRow.ValueColumn(ValueOf(assessment))),
            ("$error", LocalAssessmentRow.ErrorColumn((assessment as Feedback)?.Error)),
            ("$created", assessment.CreateTime!.Value.ToUnixTimeMilliseconds()),
            ("$updated", assessment.LastUpdateTime!.Value.ToUnixTimeMilliseconds()),
            ("$sourceType", assessment.Source.SourceType.ToString()),
            ("$sourceId", assessment.Source.SourceId),
            ("$spanId", assessment.SpanId),
            ("$rationale", assessment is Feedback ? assessment.Rationale : null),
            ("$overrides", assessment.Overrides),
            ("$metadata", LocalAssessmentRow.MetadataColumn(assessment.Metadata)));

    /// <summary>Writes the fields an update can change: name, value, error, rationale, metadata, validity and the update time.</summary>
    public static Task UpdateAsync(
        SqliteConnection connection, SqliteTransaction transaction, Assessment assessment, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "UPDATE assessments SET name = $name, value = $value, error = $error, rationale = $rationale, valid = $valid, "
                + "assessment_metadata = $metadata, last_updated_timestamp = $updated WHERE assessment_id = $id AND trace_id = $traceId",
            cancellationToken,
            ("$id", assessment.AssessmentId),
            ("$traceId", assessment.TraceId),
            ("$name", assessment.Name),
            ("$value", LocalAssessmentRow.ValueColumn(ValueOf(assessment))),
            ("$error", LocalAssessmentRow.ErrorColumn((assessment as Feedback)?.Error)),
            ("$rationale", assessment is Feedback ? assessment.Rationale : null),
            ("$valid", assessment.Valid),
            ("$metadata", LocalAssessmentRow.MetadataColumn(assessment.Metadata)),
            ("$updated", assessment.LastUpdateTime!.Value.ToUnixTimeMilliseconds()));

    /// <summary>Marks an assessment valid or not; returns whether it exists.</summary>
    public static async Task<bool> SetValidAsync(
        SqliteConnection connection, SqliteTransaction transaction, string traceId, string assessmentId, bool valid,
        CancellationToken cancellationToken) =>
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "UPDATE assessments SET valid = $valid WHERE trace_id = $traceId AND assessment_id = $assessmentId",
            cancellationToken,
            ("$valid", valid),
            ("$traceId", traceId),
            ("$assessmentId", assessmentId)).ConfigureAwait(false) > 0;

    public static Task DeleteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string traceId, string assessmentId, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM assessments WHERE trace_id = $traceId AND assessment_id = $assessmentId",
            cancellationToken,
            ("$traceId", traceId),
            ("$assessmentId", assessmentId));

    private static JsonNode? ValueOf(Assessment assessment) => assessment switch
    {
        Feedback feedback => feedback.Value,
        Expectation expectation => expectation.Value,
        _ => null,
    };
}
