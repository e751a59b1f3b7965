using System;
using System.Collections.Generic;

namespace MlflowScorers.Configuration;

/// <summary>
/// The one place the SDK reads environment variables. Every part takes an instance, so tests hand in a dictionary instead
/// of changing the process environment. Blank values read as unset.
/// </summary>
internal sealed class EnvironmentReader
{
    private readonly Func<string, string?> _read;

    private EnvironmentReader(Func<string, string?> read) => _read = read;

    /// <summary>Reads the process environment.</summary>
    public static EnvironmentReader Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Reads nothing: every variable is unset.</summary>
    public static EnvironmentReader None { get; } = new(_ => null);

    /// <summary>Reads the given variables only (for tests).</summary>
    public static EnvironmentReader From(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new EnvironmentReader(variables.GetValueOrDefault);
    }

    /// <summary>The variable's value, or <see langword="null"/> when it is unset or blank.</summary>
    public string? Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var value = _read(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
