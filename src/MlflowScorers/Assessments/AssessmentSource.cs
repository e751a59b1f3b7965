namespace MlflowScorers;

/// <summary>Who produced an assessment: the kind of source and its id (a scorer name, a model URI or a user).</summary>
public sealed record AssessmentSource
{
    /// <summary>The id MLflow uses when none is given.</summary>
    public const string DefaultSourceId = "default";

    /// <summary>The kind of source.</summary>
    public required AssessmentSourceType SourceType { get; init; }

    /// <summary>The source's id, for example the scorer name for code or the model URI for a judge.</summary>
    public string SourceId { get; init; } = DefaultSourceId;

    /// <summary>A code source with the given id.</summary>
    /// <param name="sourceId">The id, usually the scorer name.</param>
    /// <returns>The source.</returns>
    public static AssessmentSource FromCode(string sourceId) => new() { SourceType = AssessmentSourceType.Code, SourceId = sourceId };

    /// <summary>An LLM judge source with the given id.</summary>
    /// <param name="sourceId">The id, usually the model URI.</param>
    /// <returns>The source.</returns>
    public static AssessmentSource FromLlmJudge(string sourceId) => new() { SourceType = AssessmentSourceType.LlmJudge, SourceId = sourceId };
}
