using System;
using System.Collections.Generic;
using System.Linq;
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
        var stored = ToStore(assessment, Now(timeProvider));
        return await database.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (!await LocalTraceQueries.ExistsAsync(connection, transaction, stored.TraceId!, token).ConfigureAwait(false))
                {
                    throw LocalErrors.TraceNotFound(stored.TraceId!);
                }

                await InsertAsync(connection, transaction, stored, token).ConfigureAwait(false);
                return await RequireAsync(connection, transaction, stored.TraceId!, stored.AssessmentId!, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates assessments in one transaction, each as <see cref="CreateAsync"/> creates one, except that an assessment whose
    /// <paramref name="uniqueMetadataKey"/> value is already on its trace (stored, or earlier in the batch) is skipped, and one
    /// whose trace does not exist is refused instead of failing the batch. The check and the inserts are one
    /// <c>BEGIN IMMEDIATE</c> transaction, so no other writer comes between them. Any other failure rolls back the whole batch.
    /// </summary>
    public static Task<IReadOnlyList<AssessmentWriteOutcome>> CreateBatchAsync(
        LocalDatabase database, TimeProvider timeProvider, IReadOnlyList<Assessment> assessments, string uniqueMetadataKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        ArgumentException.ThrowIfNullOrEmpty(uniqueMetadataKey);
        var now = Now(timeProvider);
        var stored = assessments.Select(a => ToStore(a, now)).ToArray();
        return database.WriteAsync<IReadOnlyList<AssessmentWriteOutcome>>(
            async (connection, transaction, token) =>
            {
                var traceIds = stored.Select(a => a.TraceId!).Distinct(StringComparer.Ordinal).ToArray();
                var traces = await LocalTraceQueries.ExistingAsync(connection, transaction, traceIds, token).ConfigureAwait(false);
                var present = await LocalAssessmentQueries.MetadataValuesAsync(connection, transaction, traceIds, uniqueMetadataKey, token)
                    .ConfigureAwait(false);
                var outcomes = new AssessmentWriteOutcome[stored.Length];
                for (var i = 0; i < stored.Length; i++)
                {
                    var assessment = stored[i];
                    if (!traces.Contains(assessment.TraceId!))
                    {
                        outcomes[i] = AssessmentWriteOutcome.TraceNotFound;
                    }
                    else if (assessment.Metadata?.GetValueOrDefault(uniqueMetadataKey) is { } key && !present.Add((assessment.TraceId!, key)))
                    {
                        outcomes[i] = AssessmentWriteOutcome.AlreadyPresent;
                    }
                    else
                    {
                        await InsertAsync(connection, transaction, assessment, token).ConfigureAwait(false);
                        outcomes[i] = AssessmentWriteOutcome.Created;
                    }
                }

                return outcomes;
            },
            cancellationToken);
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

    /// <summary>Checks an assessment to create and gives it its id, times and validity.</summary>
    private static Assessment ToStore(Assessment assessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentException.ThrowIfNullOrEmpty(assessment.TraceId, nameof(assessment));
        ArgumentException.ThrowIfNullOrEmpty(assessment.Name, nameof(assessment));
        return assessment with
        {
            AssessmentId = "a-" + Guid.NewGuid().ToString("N"),
            CreateTime = assessment.CreateTime ?? now,
            LastUpdateTime = assessment.LastUpdateTime ?? now,
            Valid = true,
        };
    }

    /// <summary>Inserts a new assessment of an existing trace, invalidating the one it overrides.</summary>
    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Assessment stored, CancellationToken cancellationToken)
    {
        if (stored.Overrides is { } overridden
            && !await LocalAssessmentQueries.SetValidAsync(connection, transaction, stored.TraceId!, overridden, false, cancellationToken).ConfigureAwait(false))
        {
            throw LocalErrors.AssessmentNotFound(stored.TraceId!, overridden);
        }

        await LocalAssessmentQueries.InsertAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
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
