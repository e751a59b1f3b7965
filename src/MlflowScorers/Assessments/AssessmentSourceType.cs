using System;

namespace MlflowScorers;

/// <summary>
/// Who produced an assessment (MLflow's <c>source_type</c>): <see cref="Human"/>, <see cref="LlmJudge"/> or <see cref="Code"/>.
/// Extensible: other server values are kept as they arrive.
/// </summary>
public readonly struct AssessmentSourceType : IEquatable<AssessmentSourceType>
{
    private readonly string? _value;

    /// <summary>Creates a source type from its wire value.</summary>
    /// <param name="value">The wire value, for example <c>HUMAN</c>.</param>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public AssessmentSourceType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A person (<c>HUMAN</c>).</summary>
    public static AssessmentSourceType Human { get; } = new("HUMAN");

    /// <summary>An LLM judge (<c>LLM_JUDGE</c>).</summary>
    public static AssessmentSourceType LlmJudge { get; } = new("LLM_JUDGE");

    /// <summary>Code, such as a code scorer (<c>CODE</c>).</summary>
    public static AssessmentSourceType Code { get; } = new("CODE");

    /// <summary>Compares two source types.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AssessmentSourceType left, AssessmentSourceType right) => left.Equals(right);

    /// <summary>Compares two source types.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AssessmentSourceType left, AssessmentSourceType right) => !left.Equals(right);

    /// <summary>Converts a wire value.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator AssessmentSourceType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(AssessmentSourceType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AssessmentSourceType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value.</summary>
    public override string ToString() => _value ?? string.Empty;
}
