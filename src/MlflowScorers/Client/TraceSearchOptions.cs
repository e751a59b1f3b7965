using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>What <see cref="MlflowClient.SearchTracesAsync"/> looks for, as Python's <c>search_traces</c> takes it.</summary>
public sealed record TraceSearchOptions
{
    /// <summary>The experiments to search; defaults to the active experiment.</summary>
    public IReadOnlyList<string>? ExperimentIds { get; init; }

    /// <summary>
    /// A filter in MLflow's trace grammar, for example <c>attributes.status = 'OK' AND tags.env = 'prod'</c> or
    /// <c>trace.timestamp_ms &gt;= 1700000000000</c>; <see langword="null"/> for every trace.
    /// </summary>
    public string? Filter { get; init; }

    /// <summary>Order clauses such as <c>timestamp_ms DESC</c>; <see langword="null"/> for MLflow's default (newest first).</summary>
    public IReadOnlyList<string>? OrderBy { get; init; }

    /// <summary>How many traces to fetch per request, 1 to 500 (default 100). Paging is automatic.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Stop after this many traces; <see langword="null"/> for all.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Whether to fetch each trace's spans too (default <see langword="true"/>, as Python does); otherwise only the trace info.</summary>
    public bool IncludeSpans { get; init; } = true;
}
