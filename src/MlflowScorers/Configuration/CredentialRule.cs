using System;

namespace MlflowScorers.Configuration;

/// <summary>
/// The one rule for every outgoing request that carries credentials (MLflow REST calls, OTLP export, judge endpoints): a
/// token or password travels only over https, or over plain http to this machine (a loopback host). Checked when the
/// credentials are bound to an address, so a bad configuration fails at start-up and not at the first request.
/// </summary>
internal static class CredentialRule
{
    /// <summary>The rule, as messages state it.</summary>
    public const string Statement =
        "credentials (a token or a password) are sent only over https://, or over plain http:// to this machine (localhost or another loopback address)";

    /// <summary>Throws when sending <paramref name="credentials"/> to <paramref name="endpoint"/> would break the rule.</summary>
    /// <param name="endpoint">Where the credentials would go.</param>
    /// <param name="credentials">The credentials, or <see langword="null"/> for none (always allowed).</param>
    /// <param name="setting">What configured the address, for the message (for example <c>TrackingUri</c>).</param>
    /// <exception cref="MlflowException">INVALID_PARAMETER_VALUE: the address is plain http to another host.</exception>
    public static void EnsureAllowed(Uri endpoint, MlflowCredentials? credentials, string setting)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (credentials is null || !IsClearTextToAnotherHost(endpoint))
        {
            return;
        }

        throw new MlflowException(
            MlflowErrorCode.InvalidParameterValue,
            $"Refusing to send the {credentials.Description} to {setting} '{endpoint.GetLeftPart(UriPartial.Path)}': {Statement}, so that they never "
            + "travel unencrypted to another machine. Use an https:// address, or remove the credentials for an open server.");
    }

    private static bool IsClearTextToAnotherHost(Uri endpoint) =>
        !endpoint.IsAbsoluteUri || (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback);
}
