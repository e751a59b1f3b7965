namespace MlflowScorers;

/// <summary>The metadata keys the <see cref="ScorerMonitor"/> adds to every feedback it writes.</summary>
public static class MonitorMetadataKeys
{
    /// <summary>The idempotency key <c>{trace or session id}:{scorer name}:{version}</c> (plus <c>#n</c> for a scorer's n-th feedback after the first).</summary>
    public const string IdempotencyKey = "mlflowscorers.monitor.key";

    /// <summary>How many feedback the scorer gave for this trace or session in that run.</summary>
    public const string FeedbackCount = "mlflowscorers.monitor.count";

    /// <summary>The registered scorer name.</summary>
    public const string ScorerName = "mlflowscorers.monitor.scorer";

    /// <summary>The registered scorer version.</summary>
    public const string ScorerVersion = "mlflowscorers.monitor.scorer_version";

    /// <summary>The monitor instance that wrote it.</summary>
    public const string Instance = "mlflowscorers.monitor.instance";
}
