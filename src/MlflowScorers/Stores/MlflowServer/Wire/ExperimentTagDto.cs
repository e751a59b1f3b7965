namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>One experiment tag.</summary>
internal sealed record ExperimentTagDto
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}
