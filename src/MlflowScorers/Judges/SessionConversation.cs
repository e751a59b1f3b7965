using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Judges;

namespace MlflowScorers;

/// <summary>
/// A session: the traces that share the <c>mlflow.trace.session</c> metadata, and the conversation MLflow's session-level judges
/// read from them (spec §4.3): one user turn and one assistant turn per trace, ordered by request time.
/// </summary>
public static class SessionConversation
{
    /// <summary>The trace metadata key that names a trace's session.</summary>
    public const string SessionMetadataKey = "mlflow.trace.session";

    /// <summary>
    /// Builds the conversation of a session. Each trace gives a user turn from its root inputs (a string as is, the content of
    /// the last <c>user</c> message of a <c>messages</c> list, else the JSON text) and an assistant turn from its root outputs
    /// (a string as is, a chat completion's or the last message's content, else the JSON text); a missing side gives no turn.
    /// </summary>
    /// <param name="session">The session's traces, in any order.</param>
    /// <returns>The turns, ordered by the traces' request time.</returns>
    /// <exception cref="MlflowException">The session is empty, or its traces do not all carry the same session id.</exception>
    public static IReadOnlyList<ConversationTurn> Build(IEnumerable<Trace> session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var turns = new List<ConversationTurn>();
        foreach (var trace in Validate(session.ToArray()))
        {
            if (trace.Inputs is { } inputs)
            {
                turns.Add(new ConversationTurn("user", UserText(inputs)));
            }

            if (trace.Outputs is { } outputs)
            {
                turns.Add(new ConversationTurn("assistant", PythonFormat.OutputsToString(outputs)));
            }
        }

        return turns;
    }

    /// <summary>The traces ordered by request time (then root span start); the input order breaks ties.</summary>
    internal static IReadOnlyList<Trace> InOrder(IEnumerable<Trace> traces) =>
        traces.OrderBy(t => t.Info.RequestTime).ThenBy(t => t.RootSpan?.StartTimeUnixNano).ToArray();

    /// <summary>The session id of a trace; <see langword="null"/> when it has none.</summary>
    internal static string? SessionIdOf(Trace trace) =>
        trace.Info.Metadata.TryGetValue(SessionMetadataKey, out var id) && id.Length > 0 ? id : null;

    /// <summary>Checks that the traces form one session and returns them in order.</summary>
    /// <exception cref="MlflowException">The session is empty, or its traces do not all carry the same session id.</exception>
    internal static IReadOnlyList<Trace> Validate(IReadOnlyList<Trace> session)
    {
        if (session.Count == 0)
        {
            throw new MlflowException("A session needs at least one trace.");
        }

        var ids = session.Select(SessionIdOf).ToArray();
        if (ids[0] is null || ids.Any(id => id != ids[0]))
        {
            var found = string.Join(", ", session.Select((t, i) => $"{t.TraceId}: {(ids[i] is { } id ? $"'{id}'" : "(none)")}"));
            throw new MlflowException($"All traces of a session must carry the same `{SessionMetadataKey}` metadata; found {found}.");
        }

        return InOrder(session);
    }

    /// <summary>The conversation as a JSON list of <c>{"role", "content"}</c> objects, as MLflow passes it to a judge.</summary>
    internal static JsonArray ToJson(IEnumerable<ConversationTurn> turns) =>
        new(turns.Select(t => (JsonNode)new JsonObject { ["role"] = t.Role, ["content"] = t.Content }).ToArray());

    private static string UserText(JsonNode inputs)
    {
        if (PythonFormat.AsString(inputs) is { } text)
        {
            return text;
        }

        if (inputs is JsonObject obj && obj["messages"] is JsonArray messages
            && messages.LastOrDefault(m => PythonFormat.AsString(m?["role"]) == "user") is { } last)
        {
            return PythonFormat.AsString(last["content"]) ?? PythonFormat.Dumps(last["content"]);
        }

        return PythonFormat.Dumps(inputs);
    }
}
