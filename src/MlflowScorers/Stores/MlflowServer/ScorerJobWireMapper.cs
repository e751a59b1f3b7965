using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>
/// Reads an ended scorer job's result. MLflow 3.11.2 (the fixture) keys the result by trace id, each with
/// <c>{"assessments": [...], "failures": [...]}</c>; other 3.11 builds send <c>{"success", "assessments": {trace id: [...]},
/// "failures": [{"trace_id", "error_code", "error_message"}]}</c>. Both are read.
/// </summary>
internal static class ScorerJobWireMapper
{
    private static readonly MlflowServerJsonContext s_json = MlflowServerJsonContext.Default;

    public static ServerScorerJobResult ToResult(
        string jobId, ServerScorerJobStatus status, IReadOnlyList<string> traceIds, GetJobResponse reply, string endpoint)
    {
        var assessments = new Dictionary<string, IReadOnlyList<Assessment>>(StringComparer.Ordinal);
        var failures = new List<ServerScorerJobFailure>();
        if (reply.Result is { ValueKind: JsonValueKind.Object } result)
        {
            if (IsFlat(result))
            {
                ReadFlat(result, assessments, failures, endpoint);
            }
            else
            {
                foreach (var trace in result.EnumerateObject())
                {
                    assessments[trace.Name] = ReadAssessments(trace.Value.TryGetProperty("assessments", out var list) ? list : default, trace.Name, endpoint);
                    failures.AddRange(ReadFailures(trace.Value.TryGetProperty("failures", out var failed) ? failed : default, trace.Name));
                }
            }
        }

        var details = Text(reply.StatusDetails);
        if (status != ServerScorerJobStatus.Succeeded)
        {
            var message = details ?? Text(reply.Result) ?? $"The job ended with status {status}.";
            failures.Add(new ServerScorerJobFailure(null, status.Value, message));
        }

        return new ServerScorerJobResult(jobId, status, traceIds, assessments, failures, details);
    }

    private static bool IsFlat(JsonElement result) =>
        result.TryGetProperty("success", out _)
        || (result.TryGetProperty("assessments", out var assessments) && assessments.ValueKind == JsonValueKind.Object);

    private static void ReadFlat(
        JsonElement result, Dictionary<string, IReadOnlyList<Assessment>> assessments, List<ServerScorerJobFailure> failures, string endpoint)
    {
        if (result.TryGetProperty("assessments", out var byTrace) && byTrace.ValueKind == JsonValueKind.Object)
        {
            foreach (var trace in byTrace.EnumerateObject())
            {
                assessments[trace.Name] = ReadAssessments(trace.Value, trace.Name, endpoint);
            }
        }

        failures.AddRange(ReadFailures(result.TryGetProperty("failures", out var failed) ? failed : default, null));
    }

    private static List<Assessment> ReadAssessments(JsonElement list, string traceId, string endpoint) =>
        list.ValueKind != JsonValueKind.Array
            ? []
            : list.EnumerateArray()
                .Select(item => item.Deserialize(s_json.AssessmentDto))
                .Select(dto => dto is null ? null : AssessmentWireMapper.ToModel(dto, traceId, endpoint))
                .OfType<Assessment>()
                .ToList();

    private static IEnumerable<ServerScorerJobFailure> ReadFailures(JsonElement list, string? traceId)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.Object
                ? new ServerScorerJobFailure(
                    Property(item, "trace_id") ?? traceId,
                    Property(item, "error_code"),
                    Property(item, "error_message") ?? Property(item, "message") ?? item.GetRawText())
                : new ServerScorerJobFailure(traceId, null, Text(item) ?? string.Empty);
        }
    }

    private static string? Property(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>A string as itself, anything else but null as its JSON text.</summary>
    private static string? Text(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } other => other.GetRawText(),
    };
}
