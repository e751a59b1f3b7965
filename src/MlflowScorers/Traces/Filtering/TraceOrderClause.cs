namespace MlflowScorers.Traces.Filtering;

/// <summary>One key of a trace search order: an attribute such as <c>timestamp_ms</c>, a tag or a metadata key.</summary>
/// <param name="Entity">The entity: <see cref="TraceFilterEntity.Attribute"/>, <see cref="TraceFilterEntity.Tag"/> or
/// <see cref="TraceFilterEntity.Metadata"/>.</param>
/// <param name="Key">The attribute (aliases resolved), tag or metadata key.</param>
/// <param name="Ascending">Whether the order is ascending.</param>
internal sealed record TraceOrderClause(TraceFilterEntity Entity, string Key, bool Ascending);
