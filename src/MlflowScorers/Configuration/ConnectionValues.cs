namespace MlflowScorers.Configuration;

/// <summary>
/// The connection settings one source gives (explicit options, a configuration section, or the environment). Unset values
/// are <see langword="null"/>; blank ones count as unset.
/// </summary>
internal sealed record ConnectionValues
{
    public string? TrackingUri { get; init; }

    public string? ExperimentId { get; init; }

    public string? ExperimentName { get; init; }

    public string? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Never shows credentials.</summary>
    public override string ToString() =>
        $"TrackingUri = {TrackingUri}, ExperimentId = {ExperimentId}, ExperimentName = {ExperimentName}, Token = {Hidden(Token)}, Username = {Username}, Password = {Hidden(Password)}";

    private static string Hidden(string? secret) => secret is null ? "none" : "***";
}
