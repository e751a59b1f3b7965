using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Writes JSON text in the form of Python's <c>json.dumps</c> defaults (see <see cref="PythonJsonText"/>) straight into a
/// buffer, without building a tree first: the payload of every registration is written this way.
/// </summary>
internal sealed class PythonJsonWriter
{
    private readonly StringBuilder _text = new(2048);
    private readonly Stack<bool> _containerHasItems = new();
    private bool _afterName;

    public void BeginObject()
    {
        BeforeValue();
        _text.Append('{');
        _containerHasItems.Push(false);
    }

    public void EndObject()
    {
        _containerHasItems.Pop();
        _text.Append('}');
    }

    /// <summary>Writes <c>"name": </c>; the next value written is its value.</summary>
    public void Name(string name)
    {
        BeforeValue();
        PythonJsonText.AppendString(_text, name);
        _text.Append(": ");
        _afterName = true;
    }

    public void String(string? value)
    {
        BeforeValue();
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            PythonJsonText.AppendString(_text, value);
        }
    }

    public void Strings(IEnumerable<string> values)
    {
        BeforeValue();
        _text.Append('[');
        var first = true;
        foreach (var value in values)
        {
            _text.Append(first ? string.Empty : ", ");
            PythonJsonText.AppendString(_text, value);
            first = false;
        }

        _text.Append(']');
    }

    public void Number(int value)
    {
        BeforeValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Boolean(bool value)
    {
        BeforeValue();
        _text.Append(value ? "true" : "false");
    }

    /// <summary>Writes a small tree (a schema, a list of names) as a value; <see langword="null"/> writes <c>null</c>.</summary>
    public void Node(JsonNode? value)
    {
        BeforeValue();
        PythonJsonText.Append(_text, value);
    }

    public override string ToString() => _containerHasItems.Count == 0
        ? _text.ToString()
        : throw new InvalidOperationException("The JSON text has unclosed objects.");

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_containerHasItems.Count > 0)
        {
            if (_containerHasItems.Pop())
            {
                _text.Append(", ");
            }

            _containerHasItems.Push(true);
        }
    }
}
