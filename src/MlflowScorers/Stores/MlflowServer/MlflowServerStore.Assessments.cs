using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Assessment create, get, update and delete under <c>/api/3.0/mlflow/traces/{trace_id}/assessments</c> (§9.3).</summary>
internal sealed partial class MlflowServerStore
{
    public async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var traceId = assessment.TraceId;
        if (string.IsNullOrWhiteSpace(traceId))
        {
            throw new ArgumentException($"Assessment '{assessment.Name}' has no trace id.", nameof(assessment));
        }

        var path = MlflowServerPaths.Assessments(traceId);
        var response = await _rest.SendAsync(
            HttpMethod.Post,
            path,
            new AssessmentEnvelope(AssessmentWireMapper.ToCreateDto(assessment, _timeProvider.GetUtcNow())),
            s_json.AssessmentEnvelope,
            s_json.AssessmentEnvelope,
            nonIdempotent: true,
            cancellationToken).ConfigureAwait(false);
        return AssessmentWireMapper.Required(response, traceId, path);
    }

    public async Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        var path = MlflowServerPaths.Assessment(traceId, assessmentId);
        var response = await _rest.GetAsync(
            path,
            [Pair("trace_id", traceId), Pair("assessment_id", assessmentId)],
            s_json.AssessmentEnvelope,
            cancellationToken).ConfigureAwait(false);
        return AssessmentWireMapper.Required(response, traceId, path);
    }

    public async Task<Assessment> UpdateAssessmentAsync(
        string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken)
    {
        var path = MlflowServerPaths.Assessment(traceId, assessmentId);
        var response = await _rest.SendAsync(
            HttpMethod.Patch,
            path,
            AssessmentWireMapper.ToUpdateRequest(traceId, assessmentId, update),
            s_json.UpdateAssessmentRequest,
            s_json.AssessmentEnvelope,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
        return AssessmentWireMapper.Required(response, traceId, path);
    }

    public async Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Delete,
            MlflowServerPaths.Assessment(traceId, assessmentId),
            new DeleteAssessmentRequest(traceId, assessmentId),
            s_json.DeleteAssessmentRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
}
