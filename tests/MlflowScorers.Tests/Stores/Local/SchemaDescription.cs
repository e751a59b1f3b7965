using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Describes a SQLite schema as sorted lines: every table's columns, indexes and foreign keys.</summary>
internal static class SchemaDescription
{
    public static List<string> Of(SqliteConnection connection)
    {
        var lines = new List<string>();
        foreach (var table in Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            lines.Add($"table {table[0]}");
            lines.AddRange(Query(connection, $"PRAGMA table_xinfo(\"{table[0]}\")")
                .Select(c => $"column {table[0]}.{c[1]} type={c[2]} notnull={c[3]} default={c[4]} pk={c[5]} hidden={c[6]}"));
            foreach (var index in Query(connection, $"PRAGMA index_list(\"{table[0]}\")"))
            {
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info(\"{index[1]}\")").Select(c => c[2]));
                var name = index[3] == "c" ? index[1] : $"({index[3]})";
                lines.Add($"index {table[0]} {name} unique={index[2]} columns={columns}");
            }

            lines.AddRange(Query(connection, $"PRAGMA foreign_key_list(\"{table[0]}\")")
                .Select(f => $"foreign key {table[0]}.{f[3]} -> {f[2]}.{f[4]} on_update={f[5]} on_delete={f[6]}"));
        }

        lines.Sort(System.StringComparer.Ordinal);
        return lines;
    }

    private static List<string[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString()!).ToArray());
        }

        return rows;
    }
}
