using System;

namespace MlflowScorers.Serialization;

/// <summary>
/// Converts .NET-hosted scorers and their registrations to and from the JSON held in experiment tags. The formats are
/// described on <see cref="HostedDefinitionJson"/> and <see cref="HostedRegistrationJson"/>.
/// </summary>
internal static class HostedScorerCodec
{
    /// <summary>The marker every definition and registration carries in its <c>format</c> key.</summary>
    public const string Format = "mlflowscorers/1";

    /// <summary>The most characters MLflow stores in a tag value.</summary>
    public const int MaxTagValueLength = 5000;

    /// <summary>The definition JSON of a scorer (any kind except <see cref="UnrecognizedScorer"/>).</summary>
    /// <exception cref="ArgumentException">
    /// The scorer cannot run in .NET (an unrecognised payload, a Python function) or is a judge hosted on the server.
    /// </exception>
    public static string WriteDefinition(Scorer scorer, string registeredName)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ScorerValidation.Name(registeredName, nameof(registeredName));
        return HostedDefinitionJson.Write(scorer, registeredName);
    }

    /// <summary>
    /// Reads a definition back into a scorer (a <see cref="CodeScorer"/> comes back without its delegate, a judge with
    /// <see cref="ScorerHost.DotNet"/>). Never throws for bad text: a definition it cannot read becomes an
    /// <see cref="UnrecognizedScorer"/> holding it.
    /// </summary>
    public static Scorer ReadDefinition(string registeredName, string definition) =>
        HostedDefinitionJson.Read(registeredName, definition);

    /// <summary>The tag value for a registration, at most <see cref="MaxTagValueLength"/> characters; the oldest versions are left out when needed.</summary>
    /// <exception cref="ArgumentException">The registration is too long even with only its latest version.</exception>
    public static string WriteRegistration(HostedScorerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return HostedRegistrationJson.Write(registration);
    }

    /// <summary>Reads a tag value; <see langword="null"/> when it is not a registration this SDK wrote (or it is damaged).</summary>
    public static HostedScorerRegistration? ReadRegistration(string tagValue) => HostedRegistrationJson.Read(tagValue);
}
