namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/3.0/mlflow/traces</c>: <c>{"trace": {"trace_info": TraceInfoV3}}</c>.</summary>
internal sealed record StartTraceRequest(TraceBodyDto Trace);

/// <summary>A trace with its info only; the spans travel over OTLP.</summary>
internal sealed record TraceBodyDto(TraceInfoDto TraceInfo);
