using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of the online-configs batch GET; unordered, unknown ids left out.</summary>
internal sealed record OnlineConfigsResponse
{
    public IReadOnlyList<OnlineConfigDto>? Configs { get; set; }
}
