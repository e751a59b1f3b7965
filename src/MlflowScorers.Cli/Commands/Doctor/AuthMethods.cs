using MlflowScorers.Client;

namespace MlflowScorers.Cli.Commands.Doctor;

/// <summary>Names the authentication method the SDK's resolver chooses for the given options, from the same resolution the
/// client itself makes (<see cref="Configuration.MlflowCredentials.Description"/>). Only the method is named, never a credential.</summary>
internal static class AuthMethods
{
    /// <summary>The method, e.g. "bearer token" or "none".</summary>
    public static string Describe(MlflowClientOptions options)
    {
        var connection = ClientSettings.Resolve(options).Connection;
        if (connection.TrackingUri.StartsWith("sqlite:", System.StringComparison.OrdinalIgnoreCase))
        {
            return "none (local database)";
        }

        return connection.Credentials?.Description ?? "none";
    }
}
