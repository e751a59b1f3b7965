using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>
/// A change to an existing assessment. Only the properties that are set are sent (MLflow's update mask); everything else
/// stays as it is.
/// </summary>
public sealed record AssessmentUpdate
{
    /// <summary>A new name, or <see langword="null"/> to keep it.</summary>
    public string? Name { get; init; }

    /// <summary>A new rationale, or <see langword="null"/> to keep it.</summary>
    public string? Rationale { get; init; }

    /// <summary>New metadata (replaces the whole map), or <see langword="null"/> to keep it.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A new validity, or <see langword="null"/> to keep it.</summary>
    public bool? Valid { get; init; }

    /// <summary>A new feedback or expectation value, or <see langword="null"/> to keep it.</summary>
    public AssessmentValue? Value { get; init; }

    /// <summary>Whether the update changes nothing.</summary>
    public bool IsEmpty => Name is null && Rationale is null && Metadata is null && Valid is null && Value is null;
}
