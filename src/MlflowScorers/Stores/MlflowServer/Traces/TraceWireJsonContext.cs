using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Traces;

/// <summary>
/// Trace and assessment bodies are open-ended JSON (any-valued feedback, OTLP span attributes), so they travel as
/// <see cref="JsonObject"/> requests and <see cref="JsonElement"/> responses and are mapped by hand.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TraceWireJsonContext : JsonSerializerContext;
