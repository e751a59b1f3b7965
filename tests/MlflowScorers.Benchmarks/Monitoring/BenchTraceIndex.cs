using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// The state of the loopback benchmark server: one experiment with its tags, and N one-span traces in an array sorted by
/// (timestamp, id) with an id index, so a window search is two binary searches and a page is a slice. Replies are written
/// straight to a <see cref="Utf8JsonWriter"/> in the shapes MLflow 3.6 answers (as the tests' fake server). The seeded traces
/// have no tags and no metadata, so <c>IS NULL</c> on either is true for every trace. A filter clause it does not know is
/// answered with a 400, so a new query shows up as a failed benchmark, never as a wrong count. Thread-safe (one lock).
/// </summary>
internal sealed partial class BenchTraceIndex
{
    public const string ExperimentId = "1";

    private static readonly DateTimeOffset s_created = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private BenchTrace[] _sorted = [];
    private Dictionary<string, BenchTrace> _byId = new(StringComparer.Ordinal);
    private long _assessments;

    /// <summary>Drops everything and seeds <paramref name="count"/> fresh traces spread over <paramref name="spread"/> before <paramref name="end"/>.</summary>
    public void Reset(int count, DateTimeOffset end, TimeSpan spread)
    {
        var start = end - spread;
        var step = count == 0 ? 0 : spread.TotalMilliseconds / count;
        var traces = Enumerable.Range(0, count)
            .Select(i => new BenchTrace(i, "tr-" + Guid.NewGuid().ToString("N"), start.AddMilliseconds(i * step).ToUnixTimeMilliseconds()))
            .OrderBy(t => t.Ms).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
        lock (_gate)
        {
            _tags.Clear();
            _sorted = traces;
            _byId = traces.ToDictionary(t => t.Id, StringComparer.Ordinal);
        }
    }

    /// <summary>How many assessments were created since the server started.</summary>
    public long AssessmentCount => Interlocked.Read(ref _assessments);

    public bool HasExperiment(string? id) => id == ExperimentId;

    public void WriteExperiment(Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("experiment");
            writer.WriteString("experiment_id", ExperimentId);
            writer.WriteString("name", "monitor-benchmark");
            writer.WriteString("artifact_location", "mlflow-artifacts:/" + ExperimentId);
            writer.WriteString("lifecycle_stage", "active");
            writer.WriteNumber("last_update_time", s_created.ToUnixTimeMilliseconds());
            writer.WriteNumber("creation_time", s_created.ToUnixTimeMilliseconds());
            if (_tags.Count > 0)
            {
                writer.WriteStartArray("tags");
                foreach (var (key, value) in _tags)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", key);
                    writer.WriteString("value", value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    public void SetTag(string key, string value)
    {
        lock (_gate)
        {
            _tags[key] = value;
        }
    }

    public void DeleteTag(string key)
    {
        lock (_gate)
        {
            _tags.Remove(key);
        }
    }

    /// <summary>
    /// One page of a search: the traces of the experiment matching the filter in the asked order (timestamp then id, ascending
    /// when the order says <c>timestamp_ms ASC</c>, else descending as MLflow's default), from the offset the token holds.
    /// </summary>
    /// <returns>The error message of a filter the index cannot evaluate, else <see langword="null"/> (the page was written).</returns>
    public string? WriteSearch(Utf8JsonWriter writer, string? filter, bool ascending, int maxResults, string? pageToken)
    {
        long low = long.MinValue, high = long.MaxValue;
        HashSet<string>? ids = null;
        var none = false;
        foreach (var clause in string.IsNullOrWhiteSpace(filter) ? [] : AndSeparator().Split(filter.Trim()))
        {
            if (TimestampClause().Match(clause) is { Success: true } time)
            {
                var bound = long.Parse(time.Groups[2].Value, CultureInfo.InvariantCulture);
                (low, high) = time.Groups[1].Value switch
                {
                    ">=" => (Math.Max(low, bound), high),
                    ">" => (Math.Max(low, bound + 1), high),
                    "<=" => (low, Math.Min(high, bound)),
                    "<" => (low, Math.Min(high, bound - 1)),
                    _ => (Math.Max(low, bound), Math.Min(high, bound)),
                };
            }
            else if (NullClause().Match(clause) is { Success: true } isNull)
            {
                none |= isNull.Groups[1].Length > 0; // No seeded trace has tags or metadata.
            }
            else if (RequestIdIn().Match(clause) is { Success: true } inList)
            {
                ids = QuotedValue().Matches(inList.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            }
            else
            {
                return $"The benchmark server does not evaluate the clause: {clause}";
            }
        }

        var offset = string.IsNullOrEmpty(pageToken) ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(pageToken)), CultureInfo.InvariantCulture);
        lock (_gate)
        {
            IReadOnlyList<BenchTrace> matching = none ? []
                : ids is not null
                    ? ids.Select(id => _byId.GetValueOrDefault(id)).OfType<BenchTrace>().Where(t => t.Ms >= low && t.Ms <= high)
                        .OrderBy(t => t.Ms).ThenBy(t => t.Id, StringComparer.Ordinal).ToList()
                    : new ArraySegment<BenchTrace>(_sorted, First(low), Math.Max(0, First(high == long.MaxValue ? high : high + 1) - First(low)));
            writer.WriteStartObject();
            writer.WriteStartArray("traces");
            var end = Math.Min(matching.Count, offset + maxResults);
            for (var i = offset; i < end; i++)
            {
                WriteInfo(writer, matching[ascending ? i : matching.Count - 1 - i]);
            }

            writer.WriteEndArray();
            if (end < matching.Count)
            {
                writer.WriteString("next_page_token", Convert.ToBase64String(Encoding.UTF8.GetBytes(end.ToString(CultureInfo.InvariantCulture))));
            }

            writer.WriteEndObject();
        }

        return null;
    }

    /// <summary>The traces with these ids that exist, with their spans and assessments.</summary>
    public void WriteBatchGet(Utf8JsonWriter writer, IEnumerable<string> traceIds)
    {
        lock (_gate)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("traces");
            foreach (var trace in traceIds.Distinct(StringComparer.Ordinal).Select(id => _byId.GetValueOrDefault(id)).OfType<BenchTrace>())
            {
                writer.WriteStartObject();
                writer.WritePropertyName("trace_info");
                WriteInfo(writer, trace);
                writer.WritePropertyName("spans");
                WriteSpans(writer, trace);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>Stores an assessment as the server does (id, times, validity filled in) and writes the reply; false when the trace does not exist.</summary>
    public bool CreateAssessment(Utf8JsonWriter writer, string traceId, JsonElement sent)
    {
        var number = Interlocked.Increment(ref _assessments);
        var now = Time(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var stored = new Utf8JsonWriter(buffer))
        {
            stored.WriteStartObject();
            foreach (var property in sent.EnumerateObject())
            {
                if (property.Name is not ("assessment_id" or "trace_id" or "valid" or "create_time" or "last_update_time"))
                {
                    property.WriteTo(stored);
                }
            }

            stored.WriteString("assessment_id", "a-" + number.ToString("x32", CultureInfo.InvariantCulture));
            stored.WriteString("trace_id", traceId);
            stored.WriteString("create_time", sent.TryGetProperty("create_time", out var created) ? created.GetString() : now);
            stored.WriteString("last_update_time", sent.TryGetProperty("last_update_time", out var updated) ? updated.GetString() : now);
            stored.WriteBoolean("valid", true);
            stored.WriteEndObject();
        }

        var json = buffer.WrittenSpan.ToArray();
        lock (_gate)
        {
            if (!_byId.TryGetValue(traceId, out var trace))
            {
                return false;
            }

            trace.Assessments.Add(json);
        }

        writer.WriteStartObject();
        writer.WritePropertyName("assessment");
        writer.WriteRawValue(json, skipInputValidation: true);
        writer.WriteEndObject();
        return true;
    }

    /// <summary>The index of the first trace at or after <paramref name="ms"/> (call under the lock).</summary>
    private int First(long ms)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid].Ms < ms)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static void WriteInfo(Utf8JsonWriter writer, BenchTrace trace)
    {
        writer.WriteStartObject();
        writer.WriteString("trace_id", trace.Id);
        writer.WriteStartObject("trace_location");
        writer.WriteString("type", "MLFLOW_EXPERIMENT");
        writer.WriteStartObject("mlflow_experiment");
        writer.WriteString("experiment_id", ExperimentId);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("request_time", Time(trace.Ms));
        writer.WriteString("execution_duration", "0.020s");
        writer.WriteString("state", "OK");
        writer.WriteStartObject("trace_metadata");
        writer.WriteEndObject();
        writer.WriteStartObject("tags");
        writer.WriteEndObject();
        if (trace.Assessments.Count > 0)
        {
            writer.WriteStartArray("assessments");
            foreach (var assessment in trace.Assessments)
            {
                writer.WriteRawValue(assessment, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The trace's one span in batchGet's OTLP-JSON shape: base64 ids, attributes with JSON text in string values.</summary>
    private static void WriteSpans(Utf8JsonWriter writer, BenchTrace trace)
    {
        var startNanos = trace.Ms * 1_000_000;
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("trace_id", Convert.ToBase64String(Convert.FromHexString(trace.Id.AsSpan(3))));
        writer.WriteString("span_id", Convert.ToBase64String(BitConverter.GetBytes((long)trace.Number + 1)));
        writer.WriteString("name", "app");
        writer.WriteNumber("start_time_unix_nano", startNanos);
        writer.WriteNumber("end_time_unix_nano", startNanos + 20_000_000);
        writer.WriteStartArray("attributes");
        Attribute(writer, "mlflow.traceRequestId", trace.Id);
        Attribute(writer, "mlflow.spanType", "CHAIN");
        Attribute(writer, "mlflow.spanInputs", "{\"question\": \"question " + trace.Number.ToString(CultureInfo.InvariantCulture) + "\"}");
        Attribute(writer, "mlflow.spanOutputs", "answer " + trace.Number.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndArray();
        writer.WriteStartObject("status");
        writer.WriteString("code", "STATUS_CODE_OK");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void Attribute(Utf8JsonWriter writer, string key, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WriteStartObject("value");
        writer.WriteString("string_value", value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"^(?:trace|attributes?)\.timestamp_ms\s*(>=|<=|>|<|=)\s*(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TimestampClause();

    [GeneratedRegex(@"^(?:tags?|metadata)\.(?:`[^`]+`|[\w.]+)\s+IS\s+(NOT\s+)?NULL$", RegexOptions.IgnoreCase)]
    private static partial Regex NullClause();

    [GeneratedRegex(@"^(?:trace|attributes?)\.request_id\s+IN\s*\(([^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequestIdIn();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedValue();

    /// <summary>A seeded trace: its number (for its question and answer), id, timestamp and the assessments written to it (JSON).</summary>
    private sealed record BenchTrace(int Number, string Id, long Ms)
    {
        public List<byte[]> Assessments { get; } = [];
    }
}
