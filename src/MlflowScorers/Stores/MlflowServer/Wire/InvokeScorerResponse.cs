using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of the scorer invoke route: the jobs the server split the traces into.</summary>
internal sealed record InvokeScorerResponse
{
    public IReadOnlyList<ScorerJobDto>? Jobs { get; set; }
}

/// <summary>One submitted job and the traces it scores.</summary>
internal sealed record ScorerJobDto
{
    public string? JobId { get; set; }

    public IReadOnlyList<string>? TraceIds { get; set; }
}
