using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Assessment create, get, update and delete with MLflow's SQL store semantics: ids <c>a-</c> plus 32 hex characters, times in
/// milliseconds, a new assessment is valid and invalidates the one it overrides, deleting it makes that one valid again.
/// </summary>
internal static class LocalAssessmentOperations
{
    public static async Task<Assessment> CreateAsync(
        LocalDatabase database, TimeProvider timeProvider, Assessment assessment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentException.ThrowIfNullOrEmpty(assessment.TraceId, nameof(assessment));
        ArgumentException.ThrowIfNullOrEmpty(assessment.Name, nameof(assessment));
        var traceId = assessment.TraceId;
        var now = Now(timeProvider);
        var stored = assessment with
        {
            AssessmentId = "a-" + Guid.NewGuid().ToString("N"),
            CreateTime = assessment.CreateTime ?? now,
            LastUpdateTime = assessment.LastUpdateTime ?? now,
            Valid = true,
        };
        return await database.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (!await LocalTraceQueries.ExistsAsync(connection, transaction, traceId, token).ConfigureAwait(false))
                {
                    throw LocalErrors.TraceNotFound(traceId);
                }

                if (stored.Overrides is { } overridden
                    && !await LocalAssessmentQueries.SetValidAsync(connection, transaction, traceId, overridden, false, token).ConfigureAwait(false))
                {
                    throw LocalErrors.AssessmentNotFound(traceId, overridden);
                }

                await LocalAssessmentQueries.InsertAsync(connection, transaction, stored, token).ConfigureAwait(false);
                return await RequireAsync(connection, transaction, traceId, stored.AssessmentId, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public static Task<Assessment> GetAsync(LocalDatabase database, string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(assessmentId);
        return database.ReadAsync((connection, token) => RequireAsync(connection, null, traceId, assessmentId, token), cancellationToken);
    }

    public static Task<Assessment> UpdateAsync(
        LocalDatabase database, TimeProvider timeProvider, string traceId, string assessmentId, AssessmentUpdate update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(assessmentId);
        ArgumentNullException.ThrowIfNull(update);
        var now = Now(timeProvider);
        return database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var existing = await RequireAsync(connection, transaction, traceId, assessmentId, token).ConfigureAwait(false);
                if (update.IsEmpty)
                {
                    return existing;
                }

                await LocalAssessmentQueries.UpdateAsync(connection, transaction, Apply(existing, update, now), token).ConfigureAwait(false);
                return await RequireAsync(connection, transaction, traceId, assessmentId, token).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public static Task DeleteAsync(LocalDatabase database, string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(assessmentId);
        return database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var existing = await RequireAsync(connection, transaction, traceId, assessmentId, token).ConfigureAwait(false);
                if (existing.Overrides is { } overridden)
                {
                    await LocalAssessmentQueries.SetValidAsync(connection, transaction, traceId, overridden, true, token).ConfigureAwait(false);
                }

                await LocalAssessmentQueries.DeleteAsync(connection, transaction, traceId, assessmentId, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    private static Assessment Apply(Assessment existing, AssessmentUpdate update, DateTimeOffset now)
    {
        if (update.Value is { } value && value.IsExpectation != existing is Expectation)
        {
            throw LocalErrors.AssessmentKindMismatch(value.IsExpectation);
        }

        var result = existing with
        {
            Name = update.Name ?? existing.Name,
            Rationale = update.Rationale ?? existing.Rationale,
            Metadata = update.Metadata ?? existing.Metadata,
            Valid = update.Valid ?? existing.Valid,
            LastUpdateTime = now,
        };
        return (result, update.Value) switch
        {
            (Feedback feedback, { } newValue) => feedback with { Value = newValue.Value?.DeepClone(), Error = newValue.Error },
            (Expectation expectation, { } newValue) => expectation with { Value = newValue.Value?.DeepClone() },
            _ => result,
        };
    }

    private static async Task<Assessment> RequireAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string traceId,
        string assessmentId, CancellationToken cancellationToken) =>
        (await LocalAssessmentQueries.FindAsync(connection, transaction, traceId, assessmentId, cancellationToken).ConfigureAwait(false))
            ?.Assessment ?? throw LocalErrors.AssessmentNotFound(traceId, assessmentId);

    private static DateTimeOffset Now(TimeProvider timeProvider) =>
        DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
}
