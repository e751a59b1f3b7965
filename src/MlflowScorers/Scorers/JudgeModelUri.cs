using System;

namespace MlflowScorers;

/// <summary>
/// A judge model URI as MLflow parses it: the literal <c>databricks</c> (the Databricks-managed judge) or
/// <c>&lt;provider&gt;:/&lt;model-name&gt;</c>, such as <c>openai:/gpt-4.1-mini</c>, <c>databricks:/my-endpoint</c> or
/// <c>gateway:/my-endpoint</c>.
/// </summary>
public sealed record JudgeModelUri
{
    /// <summary>The literal that selects the Databricks-managed default judge.</summary>
    public const string DatabricksManaged = "databricks";

    private JudgeModelUri(string value, string provider, string modelName)
    {
        Value = value;
        Provider = provider;
        ModelName = modelName;
    }

    /// <summary>The URI text.</summary>
    public string Value { get; }

    /// <summary>The provider (the URI scheme), for example <c>openai</c>, <c>databricks</c> or <c>gateway</c>.</summary>
    public string Provider { get; }

    /// <summary>The model or endpoint name after <c>:/</c>; empty for the literal <c>databricks</c>.</summary>
    public string ModelName { get; }

    /// <summary>Whether this is an MLflow AI Gateway endpoint (<c>gateway:/...</c>), the only kind MLflow servers run online.</summary>
    public bool IsGateway => string.Equals(Provider, "gateway", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether Databricks serves this model (<c>databricks</c>, <c>databricks:/...</c> or <c>endpoints:/...</c>).</summary>
    public bool IsDatabricks =>
        string.Equals(Provider, "databricks", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "endpoints", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a model URI.</summary>
    /// <param name="value">The URI text.</param>
    /// <returns>The parsed URI.</returns>
    /// <exception cref="ArgumentException">The text is not <c>databricks</c> and not of the form <c>&lt;provider&gt;:/&lt;model-name&gt;</c>.</exception>
    public static JudgeModelUri Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParse(value, out var uri))
        {
            return uri;
        }

        throw new ArgumentException(
            $"Malformed model uri '{value}'. The URI must be in the format of <provider>:/<model-name>, e.g., 'openai:/gpt-4.1-mini', or the literal 'databricks'.",
            nameof(value));
    }

    /// <summary>Tries to parse a model URI.</summary>
    /// <param name="value">The URI text.</param>
    /// <param name="uri">The parsed URI, when the text is valid.</param>
    /// <returns>Whether the text is a valid model URI.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JudgeModelUri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (value == DatabricksManaged)
        {
            uri = new JudgeModelUri(value, DatabricksManaged, string.Empty);
            return true;
        }

        var separator = value.IndexOf(":/", StringComparison.Ordinal);
        if (separator <= 0 || separator + 2 >= value.Length)
        {
            return false;
        }

        var provider = value[..separator];
        foreach (var c in provider)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_'))
            {
                return false;
            }
        }

        if (!char.IsAsciiLetter(provider[0]))
        {
            return false;
        }

        var modelName = value[(separator + 2)..];
        if (string.IsNullOrWhiteSpace(modelName) || modelName.StartsWith('/'))
        {
            return false;
        }

        uri = new JudgeModelUri(value, provider, modelName);
        return true;
    }

    /// <summary>The URI text.</summary>
    public override string ToString() => Value;
}
