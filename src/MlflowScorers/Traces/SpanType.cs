using System;

namespace MlflowScorers;

/// <summary>
/// What a span did (MLflow's <c>mlflow.spanType</c>), for example <see cref="Retriever"/> or <see cref="Tool"/>.
/// Extensible: any other value is kept as it arrives.
/// </summary>
public readonly struct SpanType : IEquatable<SpanType>
{
    private readonly string? _value;

    /// <summary>Creates a span type from its wire value.</summary>
    /// <param name="value">The wire value, for example <c>RETRIEVER</c>.</param>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public SpanType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A retrieval step whose outputs are documents (<c>RETRIEVER</c>).</summary>
    public static SpanType Retriever { get; } = new("RETRIEVER");

    /// <summary>A tool call (<c>TOOL</c>).</summary>
    public static SpanType Tool { get; } = new("TOOL");

    /// <summary>A chat model call (<c>CHAT_MODEL</c>).</summary>
    public static SpanType ChatModel { get; } = new("CHAT_MODEL");

    /// <summary>An LLM call (<c>LLM</c>).</summary>
    public static SpanType Llm { get; } = new("LLM");

    /// <summary>An agent step (<c>AGENT</c>).</summary>
    public static SpanType Agent { get; } = new("AGENT");

    /// <summary>No type recorded (<c>UNKNOWN</c>).</summary>
    public static SpanType Unknown { get; } = new("UNKNOWN");

    /// <summary>Compares two span types.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SpanType left, SpanType right) => left.Equals(right);

    /// <summary>Compares two span types.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SpanType left, SpanType right) => !left.Equals(right);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator SpanType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(SpanType other) =>
        string.Equals(_value ?? "UNKNOWN", other._value ?? "UNKNOWN", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SpanType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(_value ?? "UNKNOWN");

    /// <summary>The wire value.</summary>
    public override string ToString() => _value ?? "UNKNOWN";
}
