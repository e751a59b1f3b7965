namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>One experiment tag.</summary>
internal sealed record ExperimentTagDto
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}
