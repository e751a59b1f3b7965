using System;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>The status of an MLflow server job, as the server spells it; statuses this SDK does not know are kept as they came.</summary>
/// <param name="Value">The server's text, for example <c>SUCCEEDED</c>.</param>
internal readonly record struct ServerScorerJobStatus(string Value)
{
    public static ServerScorerJobStatus Pending { get; } = new("PENDING");

    public static ServerScorerJobStatus Running { get; } = new("RUNNING");

    public static ServerScorerJobStatus Succeeded { get; } = new("SUCCEEDED");

    public static ServerScorerJobStatus Failed { get; } = new("FAILED");

    public static ServerScorerJobStatus Timeout { get; } = new("TIMEOUT");

    /// <summary>Whether the job has ended: any status but pending and running.</summary>
    public bool IsTerminal => this != Pending && this != Running;

    public override string ToString() => Value ?? string.Empty;

    public bool Equals(ServerScorerJobStatus other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);
}
