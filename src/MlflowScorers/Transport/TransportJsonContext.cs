using System.Text.Json.Serialization;

namespace MlflowScorers.Transport;

/// <summary>Source-generated JSON for the transport's own types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorEnvelope))]
internal sealed partial class TransportJsonContext : JsonSerializerContext;
