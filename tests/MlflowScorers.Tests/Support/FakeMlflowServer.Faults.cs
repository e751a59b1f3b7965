using System;
using System.Collections.Generic;
using System.Linq;
using WireMock;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// Fault injection for the fake server: the next N requests of a method whose path contains a text get an error status,
/// either instead of being handled or after being handled (the change is kept and the reply is lost).
/// </summary>
public sealed partial class FakeMlflowServer
{
    private readonly List<Fault> _faults = [];

    /// <summary>Makes the next <paramref name="count"/> matching requests fail with <paramref name="status"/>.</summary>
    /// <param name="method">The HTTP method, for example <c>POST</c>.</param>
    /// <param name="pathContains">Text the request path must contain, for example <c>/assessments</c>.</param>
    /// <param name="status">The status, for example 500 or 429.</param>
    /// <param name="count">How many requests fail.</param>
    /// <param name="afterHandling">Whether the request is handled first (its change kept) and only the reply is an error.</param>
    public void FailNext(string method, string pathContains, int status, int count, bool afterHandling = false)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, pathContains, status, afterHandling) { Remaining = count });
        }
    }

    /// <summary>How many injected faults are still waiting to fire.</summary>
    public int PendingFaults
    {
        get
        {
            lock (_gate)
            {
                return _faults.Sum(f => f.Remaining);
            }
        }
    }

    private Fault? TakeFault(string method, string path)
    {
        var fault = _faults.FirstOrDefault(f => f.Remaining > 0
            && string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase)
            && path.Contains(f.PathContains, StringComparison.Ordinal));
        if (fault is not null)
        {
            fault.Remaining--;
        }

        return fault;
    }

    private sealed record Fault(string Method, string PathContains, int Status, bool AfterHandling)
    {
        public int Remaining { get; set; }

        public IResponseMessage Response(FakeMlflowServer server) => server.Error(
            Status,
            Status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL_ERROR",
            Status == 429 ? "Too many requests (injected)." : "Injected failure.").Response;
    }
}
