using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Serialization;

/// <summary>The <c>serialized_scorer</c> payloads found in the fixtures, with where each came from.</summary>
internal static class FixturePayloads
{
    public static IEnumerable<TestCaseData> All() =>
        FromDatabase().Concat(FromRegisterBodies("mlflow-3.6/python-client-traffic.jsonl"))
            .Concat(FromRegisterBodies("mlflow-3.11/python-client-traffic.jsonl"))
            .Concat(FromSerializedScorers());

    /// <summary>The 3.6 Python client's register body for a scorer name (its first registration).</summary>
    public static string RegisteredBy36Client(string name) =>
        RegisterBodies("mlflow-3.6/python-client-traffic.jsonl").First(b => (string?)b["name"] == name)["serialized_scorer"]!
            .GetValue<string>();

    private static List<TestCaseData> FromDatabase()
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Fixtures.PathOf("mlflow-3.6/mlflow.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT s.experiment_id, s.scorer_name, v.scorer_version, v.serialized_scorer FROM scorer_versions v JOIN scorers s ON s.scorer_id = v.scorer_id ORDER BY s.experiment_id, s.scorer_name, v.scorer_version";
        using var reader = command.ExecuteReader();
        var rows = new List<TestCaseData>();
        while (reader.Read())
        {
            rows.Add(Case($"db exp {reader.GetInt64(0)} {reader.GetString(1)} v{reader.GetInt32(2)}", reader.GetString(1), reader.GetString(3)));
        }

        return rows;
    }

    private static IEnumerable<TestCaseData> FromRegisterBodies(string file) =>
        RegisterBodies(file).Select((body, i) =>
            Case($"{file} register #{i}", (string)body["name"]!, body["serialized_scorer"]!.GetValue<string>()));

    private static IEnumerable<TestCaseData> FromSerializedScorers() =>
        File.ReadLines(Fixtures.PathOf("mlflow-3.11/serialized-scorers.jsonl"))
            .Where(line => line.Length > 0)
            .Select((line, i) => Case($"3.11 serialized-scorers line {i + 1}", (string)JsonNode.Parse(line)!["name"]!, line));

    private static IEnumerable<JsonObject> RegisterBodies(string file) =>
        File.ReadLines(Fixtures.PathOf(file))
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Where(r => ((string)r["path"]!).Contains("/scorers/register", System.StringComparison.Ordinal))
            .Select(r => JsonNode.Parse((string)r["req_body"]!)!.AsObject());

    private static TestCaseData Case(string source, string name, string payload) =>
        new TestCaseData(name, payload).SetArgDisplayNames(source);
}
