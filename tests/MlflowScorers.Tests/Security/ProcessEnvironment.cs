using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Tests.Security;

/// <summary>Sets process environment variables for one scope and puts the previous values back (tests using it are not parallel).</summary>
internal sealed class ProcessEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _previous;

    private ProcessEnvironment(IReadOnlyDictionary<string, string?> values)
    {
        _previous = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public static ProcessEnvironment Set(IReadOnlyDictionary<string, string?> values) => new(values);

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
