using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace MlflowScorers.Tests.Transport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports the timers created on it (back-off waits, timeouts), so a test can
/// advance the clock exactly when the code under test is waiting, without real delays.
/// </summary>
internal sealed class ObservableTimeProvider : TimeProvider, IDisposable
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _timers = [];
    private readonly SemaphoreSlim _created = new(0);

    public IReadOnlyList<TimeSpan> Timers
    {
        get
        {
            lock (_timers)
            {
                return _timers.ToList();
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new ObservedTimer(this, _fake.CreateTimer(callback, state, dueTime, period));
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);

    /// <summary>Waits until <paramref name="count"/> timers (created or re-armed) of exactly <paramref name="dueTime"/> exist (a safety limit stops a hung test).</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, int count = 1)
    {
        while (Timers.Count(t => t == dueTime) < count)
        {
            if (!await _created.WaitAsync(TimeSpan.FromSeconds(20)))
            {
                throw new TimeoutException($"No timer of {dueTime} was created; timers so far: {string.Join(", ", Timers)}.");
            }
        }
    }

    public void Dispose() => _created.Dispose();

    private void Record(TimeSpan dueTime)
    {
        lock (_timers)
        {
            _timers.Add(dueTime);
        }

        _created.Release();
    }

    /// <summary>Reports re-armed timers too: pooled cancellation sources start their timeout with <c>Change</c>.</summary>
    private sealed class ObservedTimer(ObservableTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
