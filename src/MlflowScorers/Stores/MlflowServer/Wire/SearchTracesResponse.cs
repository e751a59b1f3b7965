using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of trace search: TraceInfoV3 objects and, unless this is the last page, the next page's token.</summary>
internal sealed record SearchTracesResponse
{
    public IReadOnlyList<TraceInfoDto>? Traces { get; set; }

    public string? NextPageToken { get; set; }
}
