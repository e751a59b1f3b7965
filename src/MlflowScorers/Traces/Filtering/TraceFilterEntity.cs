namespace MlflowScorers.Traces.Filtering;

/// <summary>What a filter or order clause compares: MLflow's entity types for trace search, aliases resolved.</summary>
internal enum TraceFilterEntity
{
    /// <summary>A trace_info column (<c>trace.</c>, <c>attribute.</c>, <c>attributes.</c>, or no prefix).</summary>
    Attribute,

    /// <summary>A trace tag (<c>tag.</c>, <c>tags.</c>).</summary>
    Tag,

    /// <summary>Trace metadata (<c>metadata.</c>, <c>request_metadata.</c>).</summary>
    Metadata,

    /// <summary>Any span of the trace (<c>span.</c>).</summary>
    Span,

    /// <summary>A feedback assessment by name (<c>feedback.</c>).</summary>
    Feedback,

    /// <summary>An expectation assessment by name (<c>expectation.</c>).</summary>
    Expectation,
}
