using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>Where a simulated crash strikes.</summary>
public enum CrashPoint
{
    /// <summary>After scoring, before the n-th feedback write reaches the backend.</summary>
    BeforeWrite,

    /// <summary>After the n-th feedback write landed, before the monitor saw it succeed.</summary>
    AfterWrite,

    /// <summary>Before the n-th checkpoint tag write.</summary>
    BeforeCheckpoint,

    /// <summary>After the n-th checkpoint tag write.</summary>
    AfterCheckpoint,
}

/// <summary>The process died here (thrown by <see cref="FaultingBackend"/>).</summary>
internal sealed class SimulatedCrashException(string where) : Exception($"Simulated crash {where}.");

/// <summary>A monitor backend that crashes once at a chosen point, for crash-injection tests.</summary>
internal sealed class FaultingBackend(IMonitorBackend inner, CrashPoint point, int nth) : IMonitorBackend
{
    private int _writes;
    private int _checkpoints;

    public bool Crashed { get; private set; }

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        inner.GetExperimentAsync(experimentId, cancellationToken);

    public async Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        var isCheckpoint = key.Contains(".checkpoint.", StringComparison.Ordinal);
        var n = isCheckpoint ? Interlocked.Increment(ref _checkpoints) : 0;
        CrashIf(isCheckpoint && point == CrashPoint.BeforeCheckpoint && n == nth, "before a checkpoint");
        await inner.SetTagAsync(experimentId, key, value, cancellationToken);
        CrashIf(isCheckpoint && point == CrashPoint.AfterCheckpoint && n == nth, "after a checkpoint");
    }

    public Task DeleteTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        inner.DeleteTagAsync(experimentId, key, cancellationToken);

    public IAsyncEnumerable<Trace> SearchAsync(TraceSearchOptions options, CancellationToken cancellationToken) =>
        inner.SearchAsync(options, cancellationToken);

    public Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken) =>
        inner.GetTracesAsync(traceIds, cancellationToken);

    public async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _writes);
        CrashIf(point == CrashPoint.BeforeWrite && n == nth, "before a write");
        var stored = await inner.CreateAssessmentAsync(assessment, cancellationToken);
        CrashIf(point == CrashPoint.AfterWrite && n == nth, "after a write");
        return stored;
    }

    private void CrashIf(bool condition, string where)
    {
        if (condition && !Crashed)
        {
            Crashed = true;
            throw new SimulatedCrashException(where);
        }
    }
}
