using System;

namespace MlflowScorers.Serialization;

/// <summary>Converts scorers to and from MLflow's <c>serialized_scorer</c> JSON text.</summary>
internal static class SerializedScorerCodec
{
    /// <summary>Listing and getting read the same payloads again and again; the results are immutable, so they are shared.</summary>
    private static readonly BoundedCache<Scorer> s_readCache = new(capacity: 512);

    /// <summary>
    /// Writes the payload Python MLflow writes for this scorer, in the MLflow 3.6 key set (which 3.6 and 3.11 both load).
    /// Throws <see cref="ArgumentException"/> for scorers a server registry cannot hold (code scorers, prompt judges,
    /// unrecognised payloads, custom aggregations).
    /// </summary>
    public static string Serialize(Scorer scorer, string registeredName)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ScorerValidation.Name(registeredName, nameof(registeredName));
        return SerializedScorerWriter.Write(scorer, registeredName);
    }

    /// <summary>
    /// Reads a stored payload. Never throws: a payload it cannot classify becomes an <see cref="UnrecognizedScorer"/>.
    /// The result's <see cref="Scorer.Name"/> is <paramref name="registeredName"/>.
    /// </summary>
    public static Scorer Deserialize(string registeredName, string payload) =>
        s_readCache.GetOrAdd(registeredName, payload, SerializedScorerReader.Read);
}
