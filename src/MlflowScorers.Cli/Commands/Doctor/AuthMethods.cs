using MlflowScorers.Client;
using MlflowScorers.Transport;

namespace MlflowScorers.Cli.Commands.Doctor;

/// <summary>Names the authentication method the SDK's resolver chooses for the given options, from the same resolution the
/// client itself makes. Only the method is named, never a credential.</summary>
internal static class AuthMethods
{
    /// <summary>The method, e.g. "bearer token" or "none".</summary>
    public static string Describe(MlflowClientOptions options)
    {
        var settings = ClientSettings.Resolve(options);
        if (settings.TrackingUri.StartsWith("sqlite:", System.StringComparison.OrdinalIgnoreCase))
        {
            return "none (local database)";
        }

        return ScorerStoreFactory.Authenticator(settings) switch
        {
            BearerTokenAuthenticator => "bearer token (MLFLOW_TRACKING_TOKEN)",
            BasicAuthenticator => "basic (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD)",
            _ => "none",
        };
    }
}
