using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// Counts requests and the round trips they take one after the other. A request's round is one more than the highest round
/// among the requests that had completed when it started, so requests sent together share a round and a request that waited
/// for another's answer starts a new one. Each request is held briefly before it is forwarded so that requests sent together
/// overlap; a request sent after another's answer can never share its round, so a count can only come out too high, never
/// too low.
/// </summary>
internal sealed class RoundCountingHandler : DelegatingHandler
{
    private static readonly TimeSpan s_hold = TimeSpan.FromMilliseconds(150);
    private readonly List<(string Request, int Round)> _requests = [];
    private int _completedRound;

    public RoundCountingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>The requests since the last <see cref="Reset"/>, as "METHOD path".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.Select(r => r.Request).ToList();
            }
        }
    }

    /// <summary>How many round trips the requests since the last <see cref="Reset"/> took one after the other.</summary>
    public int Rounds
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count == 0 ? 0 : _requests.Max(r => r.Round);
            }
        }
    }

    public void Reset()
    {
        lock (_requests)
        {
            _requests.Clear();
            _completedRound = 0;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int round;
        lock (_requests)
        {
            round = _completedRound + 1;
            _requests.Add(($"{request.Method} {request.RequestUri!.AbsolutePath}", round));
        }

        await Task.Delay(s_hold, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        lock (_requests)
        {
            _completedRound = Math.Max(_completedRound, round);
        }

        return response;
    }
}
