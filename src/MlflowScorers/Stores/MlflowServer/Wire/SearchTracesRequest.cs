using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The JSON body of POST <c>/api/3.0/mlflow/traces/search</c>; absent values are left out, as Python does.</summary>
internal sealed record SearchTracesRequest(
    IReadOnlyList<TraceLocationDto> Locations,
    string? Filter,
    int MaxResults,
    IReadOnlyList<string>? OrderBy,
    string? PageToken);
