using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Security;

/// <summary>
/// Everything the SDK showed during one scenario: log lines (message, structured values, logged exception), exceptions
/// (message, <c>ToString()</c>, <c>Data</c>, public string properties, inner exceptions) and the <c>ToString()</c> of
/// objects. Each text keeps where it came from, for the failure message.
/// </summary>
internal sealed class ShownText
{
    private readonly List<(string Where, string Text)> _texts = [];

    /// <summary>The exceptions seen, outermost first.</summary>
    public List<Exception> Exceptions { get; } = [];

    public int Count => _texts.Count;

    /// <summary>How many log lines were captured.</summary>
    public int LogLines { get; private set; }

    public void Add(string where, string? text)
    {
        if (text is not null)
        {
            _texts.Add((where, text));
        }
    }

    public void AddToString(object? value)
    {
        if (value is not null)
        {
            Add($"{value.GetType().Name}.ToString()", value.ToString());
        }
    }

    public void AddLogs(CapturingLoggerFactory logs)
    {
        foreach (var line in logs.Lines)
        {
            LogLines++;
            var where = $"log {line.Category} #{line.EventId}";
            Add(where, line.Message);
            foreach (var (name, value) in line.Values)
            {
                Add($"{where} {{{name}}}", value?.ToString());
            }

            AddException(line.Exception, where + " exception");
        }
    }

    /// <summary>Records a thrown exception (and everything inside it).</summary>
    public void AddThrown(Exception exception)
    {
        Exceptions.Add(exception);
        AddException(exception, "thrown");
    }

    /// <summary>Whether any text contains <paramref name="fragment"/>.</summary>
    public bool Contains(string fragment) => _texts.Any(t => t.Text.Contains(fragment, StringComparison.Ordinal));

    /// <summary>The texts that contain a forbidden fragment, with where they came from.</summary>
    public IReadOnlyList<string> Leaks(IReadOnlyList<string> forbidden) =>
        _texts.Where(t => forbidden.Any(f => t.Text.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .Select(t => $"{t.Where}: {t.Text}")
            .ToList();

    private void AddException(Exception? exception, string where)
    {
        if (exception is null)
        {
            return;
        }

        var name = $"{where} {exception.GetType().Name}";
        Add(name + ".Message", exception.Message);
        Add(name + ".ToString()", exception.ToString());
        foreach (DictionaryEntry entry in exception.Data)
        {
            Add(name + ".Data key", entry.Key.ToString());
            Add(name + ".Data value", entry.Value?.ToString());
        }

        foreach (var property in exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.Name is not nameof(Exception.StackTrace) and not nameof(Exception.TargetSite)))
        {
            var value = property.GetValue(exception);
            if (value is string or Uri or ValueType)
            {
                Add($"{name}.{property.Name}", value.ToString());
            }
        }

        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)[exception.InnerException!];
        foreach (var child in inner.Where(e => e is not null))
        {
            AddException(child, name + " inner");
        }
    }
}
