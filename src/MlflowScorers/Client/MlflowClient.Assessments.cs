using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>
    /// Writes feedback or an expectation to a trace, as Python's <c>log_feedback</c> / <c>log_expectation</c>. The backend
    /// fills in the id and times; the stored assessment is returned.
    /// </summary>
    /// <param name="assessment">The assessment; <see cref="Assessment.TraceId"/> is required. A feedback needs a value or an error.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assessment as stored.</returns>
    /// <exception cref="ArgumentException">The trace id or name is missing, the name contains '.', or a feedback has neither value nor error.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken = default)
    {
        CheckNewAssessment(assessment);
        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.CreateAssessment");
        try
        {
            return await traces.CreateAssessmentAsync(assessment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>The checks of an assessment to create, before any I/O (shared with the monitor's batched write).</summary>
    /// <exception cref="ArgumentException">The trace id or name is missing, or a feedback has neither value nor error.</exception>
    internal static void CheckNewAssessment(Assessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        if (string.IsNullOrWhiteSpace(assessment.TraceId))
        {
            throw new ArgumentException($"Assessment '{assessment.Name}' has no trace id: set TraceId to the trace it assesses.", nameof(assessment));
        }

        if (string.IsNullOrWhiteSpace(assessment.Name))
        {
            throw new ArgumentException("An assessment name is required.", nameof(assessment));
        }

        if (assessment is Feedback { Value: null, Error: null })
        {
            throw new ArgumentException($"Feedback '{assessment.Name}' has neither a value nor an error: give one of them.", nameof(assessment));
        }
    }

    /// <summary>Gets one assessment.</summary>
    /// <param name="traceId">The trace id.</param>
    /// <param name="assessmentId">The assessment id, such as <c>a-…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such assessment, or another backend error.</exception>
    public virtual async Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(assessmentId);
        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetAssessment");
        try
        {
            return await traces.GetAssessmentAsync(traceId, assessmentId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Lists the assessments of a trace (feedback and expectations).</summary>
    /// <param name="traceId">The trace id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assessments.</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such trace, or another backend error.</exception>
    public virtual async Task<IReadOnlyList<Assessment>> ListAssessmentsAsync(string traceId, CancellationToken cancellationToken = default)
    {
        var trace = await GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
        return trace.Info.Assessments;
    }

    /// <summary>Changes an assessment; only the fields set in <paramref name="update"/> change (MLflow's update mask).</summary>
    /// <param name="traceId">The trace id.</param>
    /// <param name="assessmentId">The assessment id.</param>
    /// <param name="update">The change; at least one field.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assessment as stored.</returns>
    /// <exception cref="ArgumentException">An id is empty or the update changes nothing.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such assessment, or another backend error.</exception>
    public virtual async Task<Assessment> UpdateAssessmentAsync(
        string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(assessmentId);
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsEmpty)
        {
            throw new ArgumentException("The update changes nothing: set at least one of Name, Rationale, Metadata, Valid or Value.", nameof(update));
        }

        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.UpdateAssessment");
        try
        {
            return await traces.UpdateAssessmentAsync(traceId, assessmentId, update, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Deletes an assessment.</summary>
    /// <param name="traceId">The trace id.</param>
    /// <param name="assessmentId">The assessment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the assessment is deleted.</returns>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such assessment, or another backend error.</exception>
    public virtual async Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(assessmentId);
        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.DeleteAssessment");
        try
        {
            await traces.DeleteAssessmentAsync(traceId, assessmentId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }
}
