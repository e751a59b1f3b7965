using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>The trace-info call the Python client makes after a trace's spans (captured on 3.6 and 3.11).</summary>
internal sealed partial class MlflowServerStore : ITraceInfoWriter
{
    /// <inheritdoc />
    public async Task LogTraceInfoAsync(TraceInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var dto = new TraceInfoDto
        {
            TraceId = info.TraceId,
            TraceLocation = TraceLocationDto.ForExperiment(info.ExperimentId ?? throw new ArgumentException("The trace has no experiment.", nameof(info))),
            RequestTime = info.RequestTime is { } time ? WireTime.FormatMilliseconds(time) : null,
            ExecutionDuration = info.ExecutionDuration is { } duration ? WireTime.FormatDuration(duration) : null,
            State = info.State,
            RequestPreview = info.RequestPreview,
            ResponsePreview = info.ResponsePreview,
            TraceMetadata = new Dictionary<string, string>(info.Metadata, StringComparer.Ordinal),
            Tags = new Dictionary<string, string>(info.Tags, StringComparer.Ordinal),
        };
        await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.StartTrace,
            new StartTraceRequest(new TraceBodyDto(dto)),
            s_json.StartTraceRequest,
            s_json.JsonElement,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
    }
}
