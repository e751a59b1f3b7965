using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>
/// The two messages of an instructions judge in field-based mode (spec §4.3): a system message with a short role paragraph,
/// the task (the instructions verbatim, placeholders kept) and the JSON output contract; and a user message with one
/// <c>name: json</c> entry per variable the instructions use.
/// </summary>
internal static class FieldBasedPrompt
{
    private const string Role =
        "You are an impartial evaluator of an AI system. You receive data from one interaction with the system and judge it "
        + "strictly by the task below, using only that data.";

    private const string Contract =
        "\nAnswer with one JSON object only (no markdown), in this form:\n"
        + "{\n    \"result\": \"<the verdict the task asks for>\",\n    \"rationale\": \"<a detailed explanation of the verdict>\"\n}";

    private const string NoData = "There is no further data: judge by the task in the first message.";

    public static IReadOnlyList<JudgeMessage> Build(string instructions, IReadOnlyList<(string Name, JsonNode? Value)> fields)
    {
        var system = $"{Role}\n\nYour task: {instructions}.{Contract}";
        return [JudgeMessage.System(system), User(fields)];
    }

    /// <summary>The user message: one <c>name: json</c> entry per field, or a note that there is none.</summary>
    public static JudgeMessage User(IReadOnlyList<(string Name, JsonNode? Value)> fields) => JudgeMessage.User(
        fields.Count == 0 ? NoData : string.Join('\n', fields.Select(f => $"{f.Name}: {PythonFormat.Dumps(f.Value, indent: 2)}")));
}
