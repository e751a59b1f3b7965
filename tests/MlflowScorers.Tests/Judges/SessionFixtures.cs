using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Judges;

/// <summary>Small sessions built in code: traces sharing <c>mlflow.trace.session</c>, each with a root span and optional TOOL spans.</summary>
internal static class SessionFixtures
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A two-trace hotel-booking session, given latest first: the first turn has a plain-text request and answer and one tool
    /// call; the second a chat-messages request, a chat-completion answer and one tool call.
    /// </summary>
    public static Trace[] HotelSession(string sessionId = "s-hotel") =>
    [
        Trace("tr-second", sessionId, minute: 5,
            JsonNode.Parse("""{"messages": [{"role": "system", "content": "You book hotels."}, {"role": "user", "content": "Two nights from Friday, please."}, {"role": "assistant", "content": "noted"}]}"""),
            JsonNode.Parse("""{"choices": [{"message": {"role": "assistant", "content": "Booked Hotel Lumière for two nights from Friday."}}]}"""),
            ("book_hotel", """{"hotel": "Lumière", "nights": 2}""", "\"confirmed\"")),
        Trace("tr-first", sessionId, minute: 1, "I need a hotel in Paris.", "Hotel Lumière has rooms. For which dates?",
            ("search_hotels", """{"city": "Paris"}""", """["Lumière"]""")),
    ];

    /// <summary>A trace with a root span named "app" (span id = the trace id's suffix) and TOOL children.</summary>
    public static Trace Trace(
        string traceId, string? sessionId, int minute, JsonNode? inputs, JsonNode? outputs, params (string Name, string Arguments, string Outputs)[] tools)
    {
        var rootId = "root-" + traceId;
        var startNano = s_start.AddMinutes(minute).ToUnixTimeMilliseconds() * 1_000_000;
        var spans = new List<Span> { new() { SpanId = rootId, Name = "app", Inputs = inputs, Outputs = outputs, StartTimeUnixNano = startNano } };
        for (var i = 0; i < tools.Length; i++)
        {
            spans.Add(new Span
            {
                SpanId = $"{traceId}-tool{i}",
                ParentId = rootId,
                Name = tools[i].Name,
                SpanType = SpanType.Tool,
                Inputs = JsonNode.Parse(tools[i].Arguments),
                Outputs = JsonNode.Parse(tools[i].Outputs),
                StartTimeUnixNano = startNano + i + 1,
            });
        }

        var metadata = new Dictionary<string, string>();
        if (sessionId is not null)
        {
            metadata[SessionConversation.SessionMetadataKey] = sessionId;
        }

        return new Trace
        {
            Info = new TraceInfo { TraceId = traceId, RequestTime = s_start.AddMinutes(minute), Metadata = metadata },
            Spans = spans,
        };
    }
}
