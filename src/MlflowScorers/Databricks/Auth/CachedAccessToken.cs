using System;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// Caches a token from a source and replaces it before it expires (see <see cref="IssuedToken.RefreshAt"/>). Concurrent callers
/// that find it stale share one refresh: the source is called once, not once per caller. A caller that cancels stops waiting;
/// the refresh itself goes on for the others. A failed refresh is not cached: the next caller tries again.
/// </summary>
internal sealed class CachedAccessToken
{
    private readonly Func<CancellationToken, ValueTask<IssuedToken>> _fetch;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private volatile IssuedToken? _current;
    private Task<IssuedToken>? _refreshing;
    private int _refreshCount;

    public CachedAccessToken(Func<CancellationToken, ValueTask<IssuedToken>> fetch, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _fetch = fetch;
        _timeProvider = timeProvider;
    }

    /// <summary>How many tokens were requested from the source so far.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    /// <summary>A token that is valid beyond its refresh margin, fetching a new one when needed.</summary>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        Task<IssuedToken> refresh;
        lock (_gate)
        {
            if (Fresh() is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }

            refresh = _refreshing ??= RefreshAsync();
        }

        var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Value;
    }

    private async Task<IssuedToken> RefreshAsync()
    {
        Interlocked.Increment(ref _refreshCount);
        try
        {
            await Task.Yield(); // the caller leaves the lock before the source runs
            var token = await _fetch(CancellationToken.None).ConfigureAwait(false);
            _current = token;
            return token;
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = null;
            }
        }
    }

    private string? Fresh() => _current is { } token && _timeProvider.GetUtcNow() < token.RefreshAt ? token.Value : null;
}
