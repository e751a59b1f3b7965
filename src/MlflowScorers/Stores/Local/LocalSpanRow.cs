using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>A row of MLflow's <c>spans</c> table: the searchable columns and the span JSON in <c>content</c>.</summary>
internal sealed record LocalSpanRow(string TraceId, string SpanId, string? Name, string? Type, string Status, string Content)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "trace_id, span_id, name, type, status, content";

    public static LocalSpanRow Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        LocalSql.NullableString(reader, 2),
        LocalSql.NullableString(reader, 3),
        reader.GetString(4),
        reader.GetString(5));
}
