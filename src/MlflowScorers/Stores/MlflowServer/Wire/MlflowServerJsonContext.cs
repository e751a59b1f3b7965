using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// Source-generated JSON for the MLflow server's scorer, online-config, experiment, trace and assessment endpoints, and its scorer job routes. The reply
/// records have settable properties, not <c>init</c> ones: System.Text.Json reads init-only properties as constructor arguments,
/// through a slower converter that cost about 3% of a call.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RegisterScorerRequest))]
[JsonSerializable(typeof(RegisterScorerResponse))]
[JsonSerializable(typeof(ScorerListResponse))]
[JsonSerializable(typeof(ScorerNameListResponse))]
[JsonSerializable(typeof(GetScorerResponse))]
[JsonSerializable(typeof(DeleteScorerRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(OnlineConfigRequest))]
[JsonSerializable(typeof(OnlineConfigResponse))]
[JsonSerializable(typeof(OnlineConfigsResponse))]
[JsonSerializable(typeof(GetExperimentResponse))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(SetExperimentTagRequest))]
[JsonSerializable(typeof(DeleteExperimentTagRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(StartTraceRequest))]
[JsonSerializable(typeof(SetTraceTagRequest))]
[JsonSerializable(typeof(DeleteTraceTagRequest))]
[JsonSerializable(typeof(SearchTracesRequest))]
[JsonSerializable(typeof(SearchTracesResponse))]
[JsonSerializable(typeof(TraceInfoDto))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(AssessmentEnvelope))]
[JsonSerializable(typeof(UpdateAssessmentRequest))]
[JsonSerializable(typeof(DeleteAssessmentRequest))]
[JsonSerializable(typeof(InvokeScorerRequest))]
[JsonSerializable(typeof(InvokeScorerResponse))]
[JsonSerializable(typeof(GetJobResponse))]
[JsonSerializable(typeof(AssessmentDto))]
internal sealed partial class MlflowServerJsonContext : JsonSerializerContext;
