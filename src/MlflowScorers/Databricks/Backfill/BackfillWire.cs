using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlflowScorers.Databricks.Jobs;

namespace MlflowScorers.Databricks.Backfill;

/// <summary>The body of the monitors listing.</summary>
internal sealed record ListMonitorsRequest(string ExperimentId);

/// <summary>The reply of the monitors listing.</summary>
internal sealed record ListMonitorsResponse
{
    public List<MonitorInfoDto>? MonitorInfos { get; set; }
}

/// <summary>One monitor: the endpoint name is on the info itself, the monitor's settings under <c>monitor</c>.</summary>
internal sealed record MonitorInfoDto
{
    public string? EndpointName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One scorer of a backfill and the rate it samples traces at.</summary>
internal sealed record ScorerSampleRateDto(string Name, double SampleRate);

/// <summary>The body of the backfill call; <c>trace_ids</c> is sent as <see langword="null"/> (the whole window), as Python does.</summary>
internal sealed record BackfillRequest(
    string ExperimentId,
    string EndpointName,
    IReadOnlyList<ScorerSampleRateDto> ScorerSampleRates,
    long StartTimestampMs,
    long EndTimestampMs,
    IReadOnlyList<string>? TraceIds);

/// <summary>Source-generated JSON for the backfill calls; nulls are written, so <c>trace_ids</c> appears as Python sends it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ListMonitorsRequest))]
[JsonSerializable(typeof(ListMonitorsResponse))]
[JsonSerializable(typeof(MonitorInfoDto))]
[JsonSerializable(typeof(BackfillRequest))]
[JsonSerializable(typeof(JobResponse))]
internal sealed partial class BackfillJsonContext : JsonSerializerContext;
