using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;

namespace MlflowScorers.Tests.Tracing;

/// <summary>Records the traces written; optionally throws, or holds the first write until released.</summary>
internal sealed class FakeTraceWriter : ITraceWriter
{
    private readonly ConcurrentQueue<(string ExperimentId, Trace Trace)> _writes = new();

    public Exception? Failure { get; init; }

    /// <summary>When set, the first write signals <see cref="FirstWriteStarted"/> and waits for this gate.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    public ManualResetEventSlim FirstWriteStarted { get; } = new();

    public IReadOnlyList<(string ExperimentId, Trace Trace)> Writes => _writes.ToArray();

    public IReadOnlyList<Trace> Traces => Writes.Select(w => w.Trace).ToArray();

    public Task WriteTraceAsync(string experimentId, Trace trace, CancellationToken cancellationToken)
    {
        if (Gate is not null && !FirstWriteStarted.IsSet)
        {
            FirstWriteStarted.Set();
            Gate.Wait(cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        _writes.Enqueue((experimentId, trace));
        return Task.CompletedTask;
    }
}
