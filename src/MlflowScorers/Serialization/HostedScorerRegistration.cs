using System;
using System.Collections.Generic;

namespace MlflowScorers.Serialization;

/// <summary>
/// The registration of a .NET-hosted scorer, stored as one experiment tag per scorer: key
/// <see cref="TagPrefix"/> + name, value this record as JSON.
/// </summary>
internal sealed record HostedScorerRegistration
{
    /// <summary>The experiment-tag key prefix of .NET-hosted scorer registrations.</summary>
    public const string TagPrefix = "mlflowscorers.scorer.";

    /// <summary>The registered name.</summary>
    public required string Name { get; init; }

    /// <summary>The latest version.</summary>
    public required int Version { get; init; }

    /// <summary>The scorer definition (kind, implementation label, aggregations, judge payload...), as the codec writes it.</summary>
    public required string Definition { get; init; }

    /// <summary>The sample rate; 0 when stopped.</summary>
    public double SampleRate { get; init; }

    /// <summary>The filter string, if any.</summary>
    public string? FilterString { get; init; }

    /// <summary>When the latest version was registered.</summary>
    public DateTimeOffset CreationTime { get; init; }

    /// <summary>Every version's number and registration time, ascending.</summary>
    public IReadOnlyList<HostedScorerVersion> Versions { get; init; } = [];
}

/// <summary>One version of a .NET-hosted scorer.</summary>
/// <param name="Version">The version number.</param>
/// <param name="CreationTime">When it was registered.</param>
/// <param name="Definition">The definition of that version.</param>
internal sealed record HostedScorerVersion(int Version, DateTimeOffset CreationTime, string Definition);
