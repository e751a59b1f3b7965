using System;

namespace MlflowScorers.Serialization;

/// <summary>Converts .NET-hosted scorers and their registrations to and from the JSON held in experiment tags.</summary>
internal static class HostedScorerCodec
{
    /// <summary>The definition JSON of a scorer (any kind except <see cref="UnrecognizedScorer"/>).</summary>
    public static string WriteDefinition(Scorer scorer, string registeredName) => throw new NotImplementedException();

    /// <summary>Reads a definition back into a scorer (a <see cref="CodeScorer"/> comes back without its delegate).</summary>
    public static Scorer ReadDefinition(string registeredName, string definition) => throw new NotImplementedException();

    /// <summary>The tag value for a registration.</summary>
    public static string WriteRegistration(HostedScorerRegistration registration) => throw new NotImplementedException();

    /// <summary>Reads a tag value; <see langword="null"/> when it is not a registration this SDK wrote.</summary>
    public static HostedScorerRegistration? ReadRegistration(string tagValue) => throw new NotImplementedException();
}
