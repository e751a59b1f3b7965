using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>A TraceInfoV3 object, as search, get and batchGet return it. Every key may be absent.</summary>
internal sealed record TraceInfoDto
{
    public string? TraceId { get; set; }

    public TraceLocationDto? TraceLocation { get; set; }

    public string? RequestTime { get; set; }

    public string? ExecutionDuration { get; set; }

    public string? State { get; set; }

    public string? RequestPreview { get; set; }

    public string? ResponsePreview { get; set; }

    public Dictionary<string, string>? TraceMetadata { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public IReadOnlyList<AssessmentDto>? Assessments { get; set; }
}
