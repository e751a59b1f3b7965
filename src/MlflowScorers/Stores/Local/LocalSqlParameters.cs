using System.Collections.Generic;
using System.Globalization;

namespace MlflowScorers.Stores.Local;

/// <summary>The parameters of one statement that is built from parts: each value gets its own name, never a place in the text.</summary>
internal sealed class LocalSqlParameters
{
    private readonly List<(string Name, object? Value)> _values = [];

    /// <summary>Adds a value and returns the parameter name to write in the statement.</summary>
    public string Add(object? value)
    {
        var name = "$p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add((name, value));
        return name;
    }

    public (string Name, object? Value)[] ToArray() => _values.ToArray();
}
