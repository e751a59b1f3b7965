namespace MlflowScorers;

/// <summary>How far an evaluation has got.</summary>
/// <param name="CompletedRows">Rows scored so far.</param>
/// <param name="TotalRows">Rows in the evaluation.</param>
public sealed record EvaluationProgress(int CompletedRows, int TotalRows);
