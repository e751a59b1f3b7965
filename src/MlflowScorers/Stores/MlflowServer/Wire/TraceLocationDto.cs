using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>A trace location; the store only searches and reads <c>MLFLOW_EXPERIMENT</c> locations.</summary>
internal sealed record TraceLocationDto(string? Type, MlflowExperimentLocationDto? MlflowExperiment)
{
    public const string ExperimentType = "MLFLOW_EXPERIMENT";

    public static TraceLocationDto ForExperiment(string experimentId) => new(ExperimentType, new MlflowExperimentLocationDto(experimentId));
}

/// <summary>The experiment of a trace location.</summary>
internal sealed record MlflowExperimentLocationDto([property: JsonConverter(typeof(StringOrNumberConverter))] string? ExperimentId);
