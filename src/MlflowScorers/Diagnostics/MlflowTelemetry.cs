namespace MlflowScorers;

/// <summary>
/// The names to subscribe to for the SDK's telemetry, for example
/// <c>tracing.AddSource(MlflowTelemetry.ActivitySourceName)</c> and <c>metrics.AddMeter(MlflowTelemetry.MeterName)</c>.
/// </summary>
public static class MlflowTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> with one activity per public client operation. A failed operation's
    /// activity has status Error and records the exception.
    /// </summary>
    public const string ActivitySourceName = "MlflowScorers";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the SDK's counters, for example dropped trace spans.</summary>
    public const string MeterName = "MlflowScorers";
}
