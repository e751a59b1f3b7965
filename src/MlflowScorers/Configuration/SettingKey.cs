namespace MlflowScorers.Configuration;

/// <summary>
/// One setting the SDK reads: its key in an <c>IConfiguration</c> section and its environment variable (the same names and
/// meaning as in MLflow's Python client).
/// </summary>
/// <param name="ConfigurationKey">The key inside the section, for example <c>TrackingUri</c> or <c>Judges:OpenAIApiKey</c>.</param>
/// <param name="EnvironmentVariable">The environment variable, for example <c>MLFLOW_TRACKING_URI</c>.</param>
/// <param name="IsSecret">Whether the value is a credential, never to be shown in a log line, a message or <c>ToString()</c>.</param>
internal sealed record SettingKey(string ConfigurationKey, string EnvironmentVariable, bool IsSecret = false)
{
    public static SettingKey TrackingUri { get; } = new("TrackingUri", "MLFLOW_TRACKING_URI");

    public static SettingKey ExperimentId { get; } = new("ExperimentId", "MLFLOW_EXPERIMENT_ID");

    public static SettingKey ExperimentName { get; } = new("ExperimentName", "MLFLOW_EXPERIMENT_NAME");

    public static SettingKey TrackingToken { get; } = new("TrackingToken", "MLFLOW_TRACKING_TOKEN", IsSecret: true);

    public static SettingKey TrackingUsername { get; } = new("TrackingUsername", "MLFLOW_TRACKING_USERNAME");

    public static SettingKey TrackingPassword { get; } = new("TrackingPassword", "MLFLOW_TRACKING_PASSWORD", IsSecret: true);

    public static SettingKey OpenAIApiKey { get; } = new("Judges:OpenAIApiKey", "OPENAI_API_KEY", IsSecret: true);

    public static SettingKey OpenAIBaseUrl { get; } = new("Judges:OpenAIBaseUrl", "OPENAI_BASE_URL");

    /// <summary>Whether a judge runtime records scorer traces; MLflow's switch of the same name for <c>mlflow.genai.evaluate</c>.</summary>
    public static SettingKey RecordScorerTraces { get; } = new("Judges:RecordScorerTraces", "MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING");

    /// <summary>Names both places the setting comes from, for messages.</summary>
    public override string ToString() => $"{ConfigurationKey} ({EnvironmentVariable})";
}
