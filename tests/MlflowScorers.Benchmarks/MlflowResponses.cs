using System.Text.Json;

namespace MlflowScorers.Benchmarks;

/// <summary>The fixed MLflow 3.6-shaped answers both benchmark transports give: the loopback server and the in-memory handler.</summary>
internal static class MlflowResponses
{
    public const string ExperimentId = "1";
    public const string ScorerName = "politeness";
    public const string Version = "3.6.1.dev0";

    public const string SerializedScorer =
        "{\"name\": \"politeness\", \"aggregations\": null, \"description\": \"Checks politeness.\", \"mlflow_version\": \"3.6.0\", \"serialization_version\": 1, \"builtin_scorer_class\": \"Guidelines\", \"builtin_scorer_pydantic_data\": {\"name\": \"politeness\", \"aggregations\": null, \"description\": \"Checks politeness.\", \"required_columns\": [\"inputs\", \"outputs\"], \"guidelines\": [\"The response must be polite.\"], \"model\": null, \"instructions\": \"Judge the guidelines.\"}, \"call_source\": null, \"call_signature\": null, \"original_func_name\": null, \"instructions_judge_pydantic_data\": null}";

    private static readonly string s_scorer =
        "{\"experiment_id\": 1, \"scorer_name\": \"politeness\", \"scorer_version\": 1, \"serialized_scorer\": " + JsonSerializer.Serialize(SerializedScorer)
        + ", \"creation_time\": 1795708522779, \"scorer_id\": \"0bb74f92-58c3-4a3e-aee0-98599dab1d2d\"}";

    public static readonly string GetScorer = "{\"scorer\": " + s_scorer + "}";

    public static readonly string ListScorers = "{\"scorers\": [" + s_scorer + "]}";

    public const string GetExperiment =
        "{\"experiment\": {\"experiment_id\": \"1\", \"name\": \"bench\", \"artifact_location\": \"mlflow-artifacts:/1\", \"lifecycle_stage\": \"active\", \"last_update_time\": 1795708522779, \"creation_time\": 1795708522779}}";

    public static readonly string RegisterScorer =
        "{\"version\": 2, \"scorer_id\": \"0bb74f92-58c3-4a3e-aee0-98599dab1d2d\", \"experiment_id\": \"1\", \"name\": \"politeness\", \"serialized_scorer\": "
        + JsonSerializer.Serialize(SerializedScorer) + ", \"creation_time\": 1795708522779}";

    /// <summary>What a 3.6 server answers for the online-config endpoints it does not have.</summary>
    public const string NotFoundPage = "<!doctype html><title>404 Not Found</title>";
}
