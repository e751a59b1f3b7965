using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>A TraceInfoV3 object, as search, get and batchGet return it. Every key may be absent.</summary>
internal sealed record TraceInfoDto
{
    public string? TraceId { get; init; }

    public TraceLocationDto? TraceLocation { get; init; }

    public string? RequestTime { get; init; }

    public string? ExecutionDuration { get; init; }

    public string? State { get; init; }

    public string? RequestPreview { get; init; }

    public string? ResponsePreview { get; init; }

    public Dictionary<string, string>? TraceMetadata { get; init; }

    public Dictionary<string, string>? Tags { get; init; }

    public IReadOnlyList<AssessmentDto>? Assessments { get; init; }
}
