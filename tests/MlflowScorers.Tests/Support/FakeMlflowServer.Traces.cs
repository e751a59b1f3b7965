using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// The fake server's traces and assessments (kept beside the store's trace tests). Traces arrive over OTLP (FakeMlflowServer.Otlp.cs)
/// or are seeded with <see cref="AddTrace"/>, as OTLP ingestion would store them. Captured behaviour: 3.6 has no <c>traces/get</c> route (HTML 404)
/// and leaves span-less traces out of batchGet, 3.11 answers batchGet with a 500 for them; the assessment not-found message;
/// server-filled ids and times. Not captured, so the fake's own choice: the trace not-found message, an opaque page token,
/// and filters limited to <c>=</c> and <c>!=</c> on <c>tags.</c>, <c>metadata.</c> and <c>trace.status</c>, and numeric comparisons of <c>trace.timestamp_ms</c>.
/// </summary>
public sealed partial class FakeMlflowServer
{
    private const string TracesPrefix = "/api/3.0/mlflow/traces/";

    /// <summary>The v2 trace-tag route (PATCH <c>{"key", "value"}</c>, DELETE <c>{"key"}</c>), which 3.6 and 3.11 both serve.</summary>
    private const string TraceTagsPrefix = "/api/2.0/mlflow/traces/";

    private readonly Dictionary<string, FakeTrace> _traces = new(StringComparer.Ordinal);
    private int _nextAssessment = 1;

    /// <summary>Stores a trace as the server returns it from batchGet: <c>{"trace_info": {...}, "spans": [...]}</c>.</summary>
    /// <param name="experimentId">The experiment; it must exist.</param>
    /// <param name="trace">The trace JSON; <c>trace_info.trace_id</c> is required, spans are optional.</param>
    public void AddTrace(string experimentId, JsonObject trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        lock (_gate)
        {
            Experiment(experimentId);
            var info = trace["trace_info"]!.DeepClone().AsObject();
            var assessments = info["assessments"]?.AsArray().Select(a => a!.DeepClone().AsObject()).ToList() ?? [];
            info.Remove("assessments");
            info["trace_location"] = new JsonObject
            {
                ["type"] = "MLFLOW_EXPERIMENT",
                ["mlflow_experiment"] = new JsonObject { ["experiment_id"] = experimentId },
            };
            _traces[(string)info["trace_id"]!] = new FakeTrace(experimentId, info, trace["spans"]?.DeepClone().AsArray(), assessments);
        }
    }

    /// <summary>POST <c>/api/3.0/mlflow/traces</c>: creates the info, or replaces its columns and adds its tags and metadata.</summary>
    private ResponseMessage StartTrace(Call call)
    {
        var sent = call.Body?["trace"]?["trace_info"] as JsonObject ?? throw Missing("trace");
        var traceId = (string?)sent["trace_id"] ?? throw Missing("trace_id");
        var experimentId = (string?)sent["trace_location"]?["mlflow_experiment"]?["experiment_id"] ?? throw Missing("trace_location");
        Experiment(experimentId);
        if (!_traces.TryGetValue(traceId, out var trace))
        {
            _traces[traceId] = trace = new FakeTrace(experimentId, NewInfo(traceId, experimentId), null, []);
        }

        foreach (var column in new[] { "request_time", "execution_duration", "state", "request_preview", "response_preview" })
        {
            trace.Info[column] = sent[column]?.DeepClone();
        }

        foreach (var map in new[] { "trace_metadata", "tags" })
        {
            var stored = trace.Info[map] as JsonObject ?? (JsonObject)(trace.Info[map] = new JsonObject());
            foreach (var (key, value) in sent[map] as JsonObject ?? [])
            {
                stored[key] = value?.DeepClone();
            }
        }

        return Json(200, new JsonObject { ["trace"] = new JsonObject { ["trace_info"] = trace.InfoJson() } });
    }

    private JsonObject NewInfo(string traceId, string experimentId) => new()
    {
        ["trace_id"] = traceId,
        ["trace_location"] = new JsonObject
        {
            ["type"] = "MLFLOW_EXPERIMENT",
            ["mlflow_experiment"] = new JsonObject { ["experiment_id"] = experimentId },
        },
        ["request_time"] = FakeTime(Tick()),
        ["state"] = "OK",
        ["trace_metadata"] = new JsonObject(),
        ["tags"] = new JsonObject(),
    };

    private (string[] Methods, Func<Call, ResponseMessage> Handler)? TraceRoute(string path)
    {
        if (path == "/api/3.0/mlflow/traces")
        {
            return (["POST"], StartTrace);
        }

        if (path.StartsWith(TraceTagsPrefix, StringComparison.Ordinal) && path[TraceTagsPrefix.Length..].Split('/') is [var tagged, "tags"])
        {
            return (["PATCH", "DELETE"], call => TraceTagCall(tagged, call));
        }

        if (!path.StartsWith(TracesPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return path[TracesPrefix.Length..].Split('/') switch
        {
            ["search"] => (["POST"], SearchTraces),
            ["get"] when Is311 => (["GET"], call => TraceReply(Trace(call.RequiredQuery("trace_id")), withSpans: true)),
            ["get"] => null,
            ["batchGet"] => (["GET"], BatchGetTraces),
            [var traceId] => (["GET"], _ => TraceReply(Trace(traceId), withSpans: false)),
            [var traceId, "assessments"] => (["POST"], call => CreateAssessment(traceId, call)),
            [var traceId, "assessments", var id] => (["GET", "PATCH", "DELETE"], call => AssessmentCall(traceId, id, call)),
            _ => null,
        };
    }

    private ResponseMessage SearchTraces(Call call)
    {
        var experimentIds = (call.Body?["locations"] as JsonArray ?? []).Select(l => (string?)l?["mlflow_experiment"]?["experiment_id"]).ToHashSet();
        var clauses = call.Body?["filter"] is { } filter ? ParseTraceFilter((string)filter!) : [];
        var ascending = (call.Body?["order_by"] as JsonArray)?.Any(o => ((string)o!).EndsWith(" ASC", StringComparison.OrdinalIgnoreCase)) == true;
        var matching = _traces.Values.Where(t => experimentIds.Contains(t.ExperimentId) && clauses.All(c => c(t.Info)))
            .OrderBy(t => RequestTime(t) * (ascending ? 1 : -1))
            .ThenBy(t => (string)t.Info["trace_id"]!, StringComparer.Ordinal)
            .ToList();
        var offset = call.Body?["page_token"] is { } token ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)token!)), CultureInfo.InvariantCulture) : 0;
        var size = (int?)call.Body?["max_results"] ?? 100;
        var page = matching.Skip(offset).Take(size).Select(t => (JsonNode)t.InfoJson()).ToArray();
        var reply = new JsonObject { ["traces"] = new JsonArray(page) };
        if (offset + size < matching.Count)
        {
            reply["next_page_token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture)));
        }

        return Json(200, reply);
    }

    private List<Func<JsonObject, bool>> ParseTraceFilter(string filter) => AndSeparator().Split(filter.Trim()).Select(clause =>
    {
        if (TimestampClause().Match(clause) is { Success: true } time)
        {
            var bound = long.Parse(time.Groups[2].Value, CultureInfo.InvariantCulture);
            var comparator = time.Groups[1].Value;
            return (Func<JsonObject, bool>)(info =>
            {
                var ms = DateTimeOffset.Parse((string)info["request_time"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
                return comparator switch
                {
                    ">=" => ms >= bound,
                    "<=" => ms <= bound,
                    ">" => ms > bound,
                    "<" => ms < bound,
                    "!=" => ms != bound,
                    _ => ms == bound,
                };
            });
        }

        if (NullClause().Match(clause) is { Success: true } nullCheck)
        {
            var (nullEntity, nullKey, isNull) = (nullCheck.Groups[1].Value, nullCheck.Groups[2].Value.Trim('`'), nullCheck.Groups[3].Value.Length == 0);
            var field = nullEntity.Equals("metadata", StringComparison.OrdinalIgnoreCase) ? "trace_metadata" : "tags";
            return (Func<JsonObject, bool>)(info => (info[field]?[nullKey] is null) == isNull);
        }

        if (RequestIdInClause().Match(clause) is { Success: true } ids)
        {
            var wanted = QuotedValue().Matches(ids.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            return (Func<JsonObject, bool>)(info => wanted.Contains((string)info["trace_id"]!));
        }

        var match = TraceFilterClause().Match(clause);
        if (!match.Success)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", $"Invalid clause(s) in filter string: {clause}");
        }

        var (entity, key, equal, value) = (match.Groups[1].Value, match.Groups[2].Value.Trim('`'), match.Groups[3].Value == "=", match.Groups[4].Value);
        Func<JsonObject, string?> read = entity.ToLowerInvariant() switch
        {
            "tags" or "tag" => info => (string?)info["tags"]?[key],
            "metadata" => info => (string?)info["trace_metadata"]?[key],
            _ when key == "status" => info => (string?)info["state"],
            _ => throw Error(400, "INVALID_PARAMETER_VALUE", $"The fake server does not evaluate the clause: {clause}"),
        };
        return (Func<JsonObject, bool>)(info => (read(info) == value) == equal);
    }).ToList();

    private ResponseMessage BatchGetTraces(Call call)
    {
        var found = call.QueryAll("trace_ids").Distinct().Select(id => _traces.GetValueOrDefault(id)).OfType<FakeTrace>().ToList();
        if (Is311 && found.Any(t => t.Spans is null))
        {
            throw Error(500, "INTERNAL_ERROR", "Trace data not stored in tracking store");
        }

        var traces = found.Where(t => t.Spans is not null).Select(t => (JsonNode)TraceJson(t, withSpans: true)).ToArray();
        return Json(200, traces.Length == 0 ? [] : new JsonObject { ["traces"] = new JsonArray(traces) });
    }

    private ResponseMessage CreateAssessment(string traceId, Call call)
    {
        var trace = Trace(traceId);
        var assessment = call.Body?["assessment"]?.DeepClone().AsObject() ?? throw Missing("assessment");
        var now = FakeTime(Tick());
        assessment["assessment_id"] = "a-" + (_nextAssessment++).ToString("x32", CultureInfo.InvariantCulture);
        assessment["trace_id"] = traceId;
        assessment["create_time"] ??= now;
        assessment["last_update_time"] ??= now;
        assessment["valid"] = true;
        if (assessment["feedback"] is JsonObject feedback && !feedback.ContainsKey("value"))
        {
            feedback["value"] = null;
        }

        trace.Assessments.Add(assessment);
        return Json(200, new JsonObject { ["assessment"] = assessment.DeepClone() });
    }

    private ResponseMessage TraceTagCall(string traceId, Call call)
    {
        var info = Trace(traceId).Info;
        var key = call.RequiredString("key");
        var tags = info["tags"] as JsonObject ?? (JsonObject)(info["tags"] = new JsonObject());
        if (call.Method.Equals("PATCH", StringComparison.OrdinalIgnoreCase))
        {
            tags[key] = (string?)call.Body?["value"] ?? string.Empty;
        }
        else if (!tags.Remove(key))
        {
            throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"No trace tag with key '{key}' for trace with ID '{traceId}'");
        }

        return Json(200, []);
    }

    private ResponseMessage AssessmentCall(string traceId, string id, Call call)
    {
        var trace = _traces.GetValueOrDefault(traceId);
        var assessment = trace?.Assessments.FirstOrDefault(a => (string?)a["assessment_id"] == id)
            ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Assessment with ID '{id}' not found for trace '{traceId}'");
        switch (call.Method.ToUpperInvariant())
        {
            case "DELETE":
                trace!.Assessments.Remove(assessment);
                return Json(200, []);
            case "PATCH":
                var changes = call.Body?["assessment"] as JsonObject ?? [];
                foreach (var path in ((string?)call.Body?["update_mask"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var field = path == "assessmentName" ? "assessment_name" : path;
                    assessment[field] = changes[field]?.DeepClone();
                    if (field is "feedback" or "expectation")
                    {
                        assessment.Remove(field == "feedback" ? "expectation" : "feedback");
                    }
                }

                assessment["last_update_time"] = FakeTime(Tick());
                break;
        }

        return Json(200, new JsonObject { ["assessment"] = assessment.DeepClone() });
    }

    private static long RequestTime(FakeTrace trace) => trace.Info["request_time"] is { } time
        ? DateTimeOffset.Parse((string)time!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()
        : 0;

    private FakeTrace Trace(string traceId) =>
        _traces.GetValueOrDefault(traceId) ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Trace with ID {traceId} not found.");

    private static ResponseMessage TraceReply(FakeTrace trace, bool withSpans) =>
        Json(200, new JsonObject { ["trace"] = TraceJson(trace, withSpans) });

    private static JsonObject TraceJson(FakeTrace trace, bool withSpans)
    {
        var json = new JsonObject { ["trace_info"] = trace.InfoJson() };
        if (withSpans && trace.Spans is not null)
        {
            json["spans"] = trace.Spans.DeepClone();
        }

        return json;
    }

    private static string FakeTime(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(tags?|metadata|trace|attributes?)\.(`[^`]+`|[\w.]+)\s*(=|!=)\s*'([^']*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex TraceFilterClause();

    [GeneratedRegex(@"^(tags?|metadata)\.(`[^`]+`|[\w.]+)\s+IS\s+(NOT\s+)?NULL$", RegexOptions.IgnoreCase)]
    private static partial Regex NullClause();

    [GeneratedRegex(@"^(?:trace|attributes?)\.request_id\s+IN\s*\(([^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequestIdInClause();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedValue();

    [GeneratedRegex(@"^(?:trace|attributes?)\.timestamp_ms\s*(>=|<=|!=|>|<|=)\s*(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TimestampClause();

    private sealed record FakeTrace(string ExperimentId, JsonObject Info, JsonArray? Spans, List<JsonObject> Assessments)
    {
        public JsonObject InfoJson()
        {
            var json = Info.DeepClone().AsObject();
            if (Assessments.Count > 0)
            {
                json["assessments"] = new JsonArray(Assessments.Select(a => (JsonNode)a.DeepClone()).ToArray());
            }

            return json;
        }
    }
}
