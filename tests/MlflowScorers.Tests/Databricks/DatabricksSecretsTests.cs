using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks;

/// <summary>Planted secrets never appear in messages, ToString() or telemetry, whatever goes wrong.</summary>
public sealed class DatabricksSecretsTests
{
    private const string Pat = "dapi-PLANTED-pat-1111";
    private const string ClientSecret = "PLANTED-oauth-secret-2222";
    private const string AzureSecret = "PLANTED-azure-secret-3333";
    private static readonly string[] s_secrets = [Pat, ClientSecret, AzureSecret];

    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public void SettingsConnectionAndCredentials_NeverShowTheSecrets()
    {
        var options = DatabricksTestClient.Options(_server, o =>
        {
            o.ReadEnvironment = false;
            o.Databricks = new DatabricksOptions
            {
                Host = _server.Url,
                Token = Pat,
                ClientId = "sp",
                ClientSecret = ClientSecret,
                AzureClientId = "az",
                AzureClientSecret = AzureSecret,
                AzureTenantId = "t",
            };
        });
        var settings = ClientSettings.Resolve(options);
        var resolver = ClientSettings.Resolver(options, section: null, EnvironmentReader.None);

        var texts = new[]
        {
            settings.ToString(),
            settings.Connection.ToString(),
            settings.Connection.Credentials!.ToString(),
            settings.Connection.Credentials.Authenticator.ToString()!,
            resolver.ResolveDatabricks("databricks", options.Databricks).ToString(),
        };

        texts.Should().OnlyContain(t => !s_secrets.Any(t.Contains));
        texts[^1].Should().Contain("token = *** (from options)").And.Contain("client_secret = ***").And.Contain("azure_client_secret = ***");
    }

    [Test]
    public void ChainFailure_NamesWhatIsMissing_NotTheSecretsItFound()
    {
        var options = DatabricksTestClient.Options(_server, o =>
        {
            o.ReadEnvironment = false;
            o.Databricks = new DatabricksOptions { Host = _server.Url, ClientSecret = ClientSecret, AzureClientSecret = AzureSecret, AuthType = "oauth-m2m" };
        });

        var act = () => new MlflowClient(options);

        var error = act.Should().Throw<DatabricksAuthenticationException>().Which;
        error.Message.Should().Contain("oauth-m2m (missing client_id (DATABRICKS_CLIENT_ID))");
        Shown(error).Should().NotContainAny(s_secrets);
    }

    [Test]
    public async Task RejectedCalls_NeitherTheOAuthErrorNorTheApiErrorShowsASecret()
    {
        _server.UseServicePrincipal("sp", "the-right-one");
        await using var oauth = await DatabricksTestClient.CreateAsync(
            _server, o => o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp", ClientSecret = ClientSecret }, experimentId: "1");
        var oauthCall = () => oauth.Client.ListScorersAsync().ToListAsync().AsTask();
        _server.AcceptAuthorization = _ => false;
        await using var pat = await DatabricksTestClient.CreateAsync(_server, o => o.Databricks.Token = Pat, experimentId: "1");
        var patCall = () => pat.Client.ListScorersAsync().ToListAsync().AsTask();

        var oauthError = (await oauthCall.Should().ThrowAsync<DatabricksAuthenticationException>()).Which;
        var apiError = (await patCall.Should().ThrowAsync<MlflowApiException>()).Which;

        apiError.ErrorCode.Should().Be(MlflowErrorCode.Unauthenticated);
        Shown(oauthError).Should().NotContainAny(s_secrets);
        (Shown(apiError) + apiError.ResponseContent).Should().NotContainAny(s_secrets);
    }

    [Test]
    public async Task Telemetry_OfAWholeLifecycle_HoldsNoSecret()
    {
        var recorded = new StringBuilder();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MlflowScorers" || source.Name.StartsWith("System.Net", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (recorded)
                {
                    recorded.Append(activity.DisplayName);
                    foreach (var tag in activity.TagObjects)
                    {
                        recorded.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
                    }

                    foreach (var e in activity.Events)
                    {
                        recorded.Append(' ').Append(e.Name).Append(string.Join(",", e.Tags.Select(t => t.Key + "=" + t.Value)));
                    }

                    recorded.AppendLine();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        _server.AcceptAuthorization = header => header == "Bearer " + Pat;
        await using var test = await DatabricksTestClient.CreateAsync(_server, o => o.Databricks.Token = Pat);

        var registered = await test.Client.RegisterAsync(new Safety());
        await test.Client.StartAsync(registered, new ScorerSamplingConfig(0.5));
        await test.Client.DeleteScorerAsync("safety");

        recorded.ToString().Should().Contain("MlflowClient.Register").And.NotContainAny(s_secrets);
    }

    private static string Shown(Exception error) => error.ToString() + error.Message;
}
