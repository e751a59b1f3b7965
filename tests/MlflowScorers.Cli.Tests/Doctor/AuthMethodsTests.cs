using MlflowScorers.Cli.Commands.Doctor;

namespace MlflowScorers.Cli.Tests.Doctor;

/// <summary>`doctor` names the method the SDK's resolver chose on a Databricks workspace, never the secret.</summary>
public sealed class AuthMethodsTests
{
    private const string Secret = "dapi-doctor-secret-0123";

    [Test]
    public void Databricks_PersonalAccessToken_IsNamedWithoutTheToken()
    {
        var options = Workspace();
        options.Databricks.Token = Secret;

        var method = AuthMethods.Describe(options);

        method.Should().Be("Databricks pat credentials").And.NotContain(Secret);
    }

    [Test]
    public void Databricks_OAuthMachineToMachine_IsNamedWithoutTheClientSecret()
    {
        var options = Workspace();
        options.Databricks.ClientId = "sp-client";
        options.Databricks.ClientSecret = Secret;

        var method = AuthMethods.Describe(options);

        method.Should().Be("Databricks oauth-m2m credentials").And.NotContain(Secret);
    }

    private static MlflowClientOptions Workspace() => new()
    {
        TrackingUri = "databricks",
        ReadEnvironment = false,
        Databricks = { Host = "https://adb-1234567890123456.7.azuredatabricks.net" },
    };
}
