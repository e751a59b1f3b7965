namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of PUT <c>/api/3.0/mlflow/scorers/online-config</c>; <c>filter_string</c> is omitted when null.</summary>
internal sealed record OnlineConfigRequest(string ExperimentId, string Name, double SampleRate, string? FilterString);
