using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>
/// Bounds scorer runs: a total concurrency limit, one per scorer, and per scorer a runs-per-minute rate and a judge-token
/// budget per hour (sliding windows on the monitor's clock). A run that would break a limit waits; nothing is dropped.
/// </summary>
internal sealed class ScoringLimiter : IDisposable
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _total;
    private readonly int _perScorer;
    private readonly IReadOnlyDictionary<string, ScorerLimits> _limits;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ScorerGate> _gates = new(StringComparer.Ordinal);

    public ScoringLimiter(int total, int perScorer, IReadOnlyDictionary<string, ScorerLimits> limits, TimeProvider time)
    {
        _total = new SemaphoreSlim(total, total);
        _perScorer = perScorer;
        _limits = limits;
        _time = time;
    }

    /// <summary>Waits until the scorer may run; dispose the result when the run ends.</summary>
    public async ValueTask<IDisposable> AcquireAsync(string scorer, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(scorer, name => new ScorerGate(_limits.GetValueOrDefault(name), _perScorer));
        await gate.Concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await gate.WaitForRateAndBudgetAsync(_time, cancellationToken).ConfigureAwait(false);
            await _total.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            gate.Concurrency.Release();
            throw;
        }

        return new Release(this, gate);
    }

    /// <summary>Counts judge tokens against the scorer's hourly budget.</summary>
    public void SpendTokens(string scorer, long tokens)
    {
        if (tokens > 0 && _gates.TryGetValue(scorer, out var gate))
        {
            gate.Spend(_time.GetUtcNow(), tokens);
        }
    }

    public void Dispose()
    {
        _total.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Concurrency.Dispose();
        }
    }

    private sealed class Release(ScoringLimiter owner, ScorerGate gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                owner._total.Release();
                gate.Concurrency.Release();
            }
        }
    }

    private sealed class ScorerGate
    {
        private readonly ScorerLimits? _limits;
        private readonly Queue<DateTimeOffset> _starts = new();
        private readonly Queue<(DateTimeOffset At, long Tokens)> _spent = new();
        private long _spentTotal;

        public ScorerGate(ScorerLimits? limits, int perScorer)
        {
            _limits = limits;
            var concurrency = Math.Min(limits?.MaxConcurrency ?? perScorer, perScorer);
            Concurrency = new SemaphoreSlim(concurrency, concurrency);
        }

        public SemaphoreSlim Concurrency { get; }

        public async Task WaitForRateAndBudgetAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            while (NextAllowed(time.GetUtcNow()) is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Spend(DateTimeOffset now, long tokens)
        {
            lock (_spent)
            {
                _spent.Enqueue((now, tokens));
                _spentTotal += tokens;
            }
        }

        /// <summary>How long to wait before the next run, or <see langword="null"/> to run now (the start is then counted).</summary>
        private TimeSpan? NextAllowed(DateTimeOffset now)
        {
            lock (_spent)
            {
                while (_spent.Count > 0 && _spent.Peek().At <= now - s_hour)
                {
                    _spentTotal -= _spent.Dequeue().Tokens;
                }

                if (_limits?.TokensPerHour is { } budget && _spentTotal >= budget)
                {
                    return _spent.Peek().At + s_hour - now;
                }

                while (_starts.Count > 0 && _starts.Peek() <= now - s_minute)
                {
                    _starts.Dequeue();
                }

                if (_limits?.RunsPerMinute is { } rate && _starts.Count >= rate)
                {
                    return _starts.Peek() + s_minute - now;
                }

                _starts.Enqueue(now);
                return null;
            }
        }
    }
}
