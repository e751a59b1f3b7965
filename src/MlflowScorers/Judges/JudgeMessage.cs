namespace MlflowScorers.Judges;

/// <summary>One chat message sent to a judge model.</summary>
internal sealed record JudgeMessage(string Role, string Content)
{
    public static JudgeMessage User(string content) => new("user", content);

    public static JudgeMessage System(string content) => new("system", content);
}
