namespace MlflowScorers;

/// <summary>One turn of a session's conversation, as MLflow's session judges see it.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The turn's text.</param>
public sealed record ConversationTurn(string Role, string Content);
