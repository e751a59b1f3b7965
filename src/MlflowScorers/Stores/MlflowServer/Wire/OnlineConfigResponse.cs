namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of the online-config PUT.</summary>
internal sealed record OnlineConfigResponse
{
    public OnlineConfigDto? Config { get; set; }
}
