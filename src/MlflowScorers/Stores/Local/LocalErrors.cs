using System;
using System.Globalization;
using System.Net;

namespace MlflowScorers.Stores.Local;

/// <summary>The errors an MLflow server gives for the same situations, with the same codes, messages and HTTP statuses.</summary>
internal static class LocalErrors
{
    public static MlflowApiException ExperimentNotFound(string experimentId) =>
        NotFound($"No Experiment with id={experimentId} exists");

    public static MlflowApiException ExperimentNotActive(string experimentId, string? lifecycleStage) =>
        InvalidParameter($"The experiment {experimentId} must be in the 'active' state. Current state is {lifecycleStage}.");

    public static MlflowApiException ScorerNotFound(string experimentId, string name) =>
        NotFound($"Scorer with name '{name}' not found for experiment {experimentId}.");

    public static MlflowApiException ScorerVersionNotFound(string experimentId, string name, int version) =>
        NotFound($"Scorer with name '{name}' and version {version.ToString(CultureInfo.InvariantCulture)} not found for experiment {experimentId}.");

    public static MlflowApiException ExperimentNameExists(string name) =>
        new(HttpStatusCode.BadRequest, MlflowErrorCode.ResourceAlreadyExists, $"Experiment(name={name}) already exists.");

    public static MlflowApiException SampleRateOutOfRange(double sampleRate) =>
        InvalidParameter($"sample_rate must be between 0.0 and 1.0, got {PythonFloat(sampleRate)}");

    public static MlflowApiException TraceNotFound(string traceId) => NotFound($"Trace with request_id '{traceId}' not found.");

    public static MlflowApiException TraceTagNotFound(string traceId, string key) =>
        NotFound($"No trace tag with key '{key}' for trace with ID '{traceId}'");

    public static MlflowApiException AssessmentNotFound(string traceId, string assessmentId) =>
        NotFound($"Assessment with ID '{assessmentId}' not found for trace '{traceId}'");

    public static MlflowApiException AssessmentKindMismatch(bool updateIsExpectation) => InvalidParameter(updateIsExpectation
        ? "Cannot update expectation value on a Feedback assessment."
        : "Cannot update feedback value on an Expectation assessment.");

    /// <summary>Formats a double as Python's <c>str(float)</c> does for ordinary values: <c>1.0</c>, <c>1.5</c>, <c>-0.1</c>.</summary>
    private static string PythonFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal)
            ? text + ".0"
            : text;
    }

    private static MlflowApiException NotFound(string message) =>
        new(HttpStatusCode.NotFound, MlflowErrorCode.ResourceDoesNotExist, message);

    private static MlflowApiException InvalidParameter(string message) =>
        new(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
}
