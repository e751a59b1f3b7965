using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Databricks.Auth;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks;

/// <summary>Every unified-auth method against the fake workspace: the exact requests, caching and refresh, and the failures.</summary>
public sealed class DatabricksAuthTests
{
    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task Pat_FromTheEnvironment_IsSentOnEveryManagedEvalsCall()
    {
        _server.AcceptAuthorization = header => header == "Bearer dapi-from-env";
        var env = new Dictionary<string, string?> { ["DATABRICKS_HOST"] = _server.Url, ["DATABRICKS_TOKEN"] = "dapi-from-env" };
        await using var test = await DatabricksTestClient.CreateAsync(_server, o => o.Databricks = new DatabricksOptions(), env);

        await test.Client.RegisterAsync(new Safety());
        (await test.Client.ListScorersAsync().ToListAsync()).Should().ContainSingle();

        var calls = _server.Requests.Where(r => r.Path.StartsWith("/api/2.0/managed-evals/", StringComparison.Ordinal)).ToList();
        calls.Should().NotBeEmpty().And.OnlyContain(r => r.Authorization == "Bearer dapi-from-env");
        (await test.Client.GetBackendInfoAsync()).Description.Should().Contain("Databricks pat credentials");
    }

    [Test]
    public async Task OAuthM2M_AsksTheTokenEndpointOnce_WithBasicClientCredentialsAndAllApisScope()
    {
        _server.UseServicePrincipal("sp-client", "sp-secret");
        var env = new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = _server.Url,
            ["DATABRICKS_CLIENT_ID"] = "sp-client",
            ["DATABRICKS_CLIENT_SECRET"] = "sp-secret",
        };
        await using var test = await DatabricksTestClient.CreateAsync(_server, o => o.Databricks = new DatabricksOptions(), env);

        await test.Client.RegisterAsync(new Safety());
        await test.Client.ListScorersAsync().ToListAsync();

        _server.TokensIssued.Should().Be(1, "the token is cached");
        var token = _server.Requests.Single(r => r.Path == "/oidc/v1/token");
        token.Method.Should().Be("POST");
        token.Authorization.Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sp-client:sp-secret")));
        token.Headers["Content-Type"].Should().StartWith("application/x-www-form-urlencoded");
        token.Body.Should().Be("grant_type=client_credentials&scope=all-apis");
        _server.Requests.Where(r => r.Path.StartsWith("/api/2.0/managed-evals/", StringComparison.Ordinal))
            .Should().OnlyContain(r => r.Authorization == "Bearer oauth-token-1");
    }

    [Test]
    public async Task OAuthM2M_TokenExpiringDuringARun_IsReplacedBeforeItExpires()
    {
        _server.UseServicePrincipal("sp-client", "sp-secret"); // accepts only the latest token it issued
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));
        await using var test = await DatabricksTestClient.CreateAsync(_server, o =>
        {
            o.TimeProvider = clock;
            o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp-client", ClientSecret = "sp-secret" };
        });

        await test.Client.ListScorersAsync().ToListAsync();
        clock.Advance(TimeSpan.FromMinutes(54));
        await test.Client.ListScorersAsync().ToListAsync();
        var beforeMargin = _server.TokensIssued;
        clock.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: inside the 5-minute refresh margin
        await test.Client.ListScorersAsync().ToListAsync();

        beforeMargin.Should().Be(1);
        _server.TokensIssued.Should().Be(2);
        _server.Requests[^1].Authorization.Should().Be("Bearer oauth-token-2");
    }

    [Test]
    public async Task CachedToken_ConcurrentCallersDuringOneRefresh_ShareIt()
    {
        var clock = new FakeTimeProvider();
        var release = new TaskCompletionSource();
        var fetches = 0;
        var token = new CachedAccessToken(
            async _ =>
            {
                fetches++;
                await release.Task;
                return new IssuedToken("t-" + fetches, clock.GetUtcNow(), clock.GetUtcNow().AddHours(1));
            },
            clock);

        var callers = Enumerable.Range(0, 16).Select(_ => token.GetAsync(default).AsTask()).ToList();
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        tokens.Should().OnlyContain(t => t == "t-1");
        token.RefreshCount.Should().Be(1);
    }

    [Test]
    public async Task OAuthM2M_ConcurrentFirstCalls_FetchOneToken()
    {
        _server.UseServicePrincipal("sp-client", "sp-secret");
        await using var test = await DatabricksTestClient.CreateAsync(
            _server, o => o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp-client", ClientSecret = "sp-secret" });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => test.Client.ListScorersAsync().ToListAsync().AsTask()));

        _server.TokensIssued.Should().Be(1);
    }

    [Test]
    public async Task OAuthM2M_WrongSecret_FailsWithTheEndpointsErrorAndNeverTheSecret()
    {
        _server.UseServicePrincipal("sp-client", "the-right-secret");
        await using var test = await DatabricksTestClient.CreateAsync(
            _server, o => o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp-client", ClientSecret = "a-wrong-secret" },
            experimentId: "1");

        var act = () => test.Client.ListScorersAsync().ToListAsync().AsTask();

        var error = (await act.Should().ThrowAsync<DatabricksAuthenticationException>()).Which;
        error.Message.Should().Contain("oauth-m2m").And.Contain("HTTP 401 invalid_client: Client authentication failed.").And.Contain("'sp-client'");
        error.ToString().Should().NotContain("a-wrong-secret").And.NotContain("the-right-secret");
    }

    [Test]
    public async Task TokenCredential_WithWorkspaceResourceId_SendsTheEntraTokenAndTheManagementHeaders()
    {
        const string resourceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w";
        var credential = new FakeTokenCredential(scope => scope == AzureCredentialTokens.DatabricksScope ? "entra-token" : "management-token");
        _server.AcceptAuthorization = header => header == "Bearer entra-token";
        await using var test = await DatabricksTestClient.CreateAsync(
            _server, o => o.Databricks = new DatabricksOptions { Host = _server.Url, Credential = credential, AzureWorkspaceResourceId = resourceId });

        await test.Client.RegisterAsync(new Safety());

        credential.Scopes.Should().BeEquivalentTo(
            ["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default", "https://management.core.windows.net//.default"]);
        var calls = _server.Requests.Where(r => r.Path.StartsWith("/api/2.0/managed-evals/", StringComparison.Ordinal)).ToList();
        calls.Should().OnlyContain(r => r.Headers["X-Databricks-Azure-SP-Management-Token"] == "management-token"
            && r.Headers["X-Databricks-Azure-Workspace-Resource-Id"] == resourceId);
    }

    [Test]
    public async Task TokenCredential_WithoutResourceId_SendsOnlyTheBearerToken()
    {
        var credential = new FakeTokenCredential(_ => "entra-token");
        await using var test = await DatabricksTestClient.CreateAsync(
            _server, o => o.Databricks = new DatabricksOptions { Host = _server.Url, Token = "ignored-pat", Credential = credential });

        await test.Client.ListScorersAsync().ToListAsync();

        credential.Scopes.Should().Equal("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default");
        var last = _server.Requests[^1];
        last.Authorization.Should().Be("Bearer entra-token", "a credential given in the options is used as it is");
        last.Headers.Should().NotContainKey("X-Databricks-Azure-SP-Management-Token");
    }

    [Test]
    public void NoCompleteMethod_ListsEachMethodTriedAndWhatItLacked()
    {
        var options = DatabricksTestClient.Options(_server, o =>
        {
            o.ReadEnvironment = false;
            o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp-client", AzureTenantId = "tenant" };
        });

        var act = () => new MlflowClient(options);

        act.Should().Throw<DatabricksAuthenticationException>().WithMessage(
            "No Databricks credentials for http://localhost:*. Tried, in order: pat (missing token (DATABRICKS_TOKEN)); "
            + "oauth-m2m (missing client_secret (DATABRICKS_CLIENT_SECRET)); "
            + "azure-client-secret (missing azure_client_id (ARM_CLIENT_ID), azure_client_secret (ARM_CLIENT_SECRET)); "
            + "azure-default (missing a request for it*). Settings found: host = http://localhost:* (from options), client_id = sp-client (from options), azure_tenant_id = tenant (from options)*");
    }

    [Test]
    public void NoHost_SaysWhereAHostCanBeSet()
    {
        var act = () => new MlflowClient(new MlflowClientOptions { TrackingUri = "databricks", ReadEnvironment = false });

        act.Should().Throw<DatabricksAuthenticationException>().WithMessage("No Databricks workspace is configured: set DATABRICKS_HOST*");
    }

    [Test]
    public async Task AuthType_RestrictsTheChainToOneMethod()
    {
        _server.UseServicePrincipal("sp-client", "sp-secret");
        await using var test = await DatabricksTestClient.CreateAsync(_server, o =>
        {
            o.Databricks.ClientId = "sp-client";
            o.Databricks.ClientSecret = "sp-secret";
            o.Databricks.AuthType = "oauth-m2m";
        });

        await test.Client.ListScorersAsync().ToListAsync();

        _server.TokensIssued.Should().Be(1, "the PAT is set too, but auth_type asks for OAuth");
        var unknown = () => new MlflowClient(DatabricksTestClient.Options(_server, o => o.Databricks.AuthType = "kerberos"));
        unknown.Should().Throw<ArgumentException>().WithMessage("*auth_type 'kerberos' (from options) is not supported: use one of pat, oauth-m2m, azure-client-secret, azure-default*");
    }

    [Test]
    public async Task ProfileFile_WithSeveralProfiles_TheTrackingUriPicksOne()
    {
        using var file = new TempConfigFile($"""
            [DEFAULT]
            host = https://unused.example
            token = dapi-default

            [dev]
            host = {_server.Url}
            token = dapi-dev
            """);
        _server.AcceptAuthorization = header => header == "Bearer dapi-dev";
        var env = new Dictionary<string, string?> { ["DATABRICKS_CONFIG_FILE"] = file.Path };
        await using var test = await DatabricksTestClient.CreateAsync(
            _server, o => { o.TrackingUri = "databricks://dev"; o.Databricks = new DatabricksOptions(); }, env);

        await test.Client.RegisterAsync(new Safety());

        _server.Requests[^1].Authorization.Should().Be("Bearer dapi-dev");
    }

    [Test]
    public void PlainHttpToAnotherHost_IsRefusedByTheCredentialRule()
    {
        var act = () => new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = "databricks",
            ReadEnvironment = false,
            Databricks = { Host = "http://workspace.example", Token = "dapi-x" },
        });

        act.Should().Throw<MlflowException>().WithMessage("*Databricks pat credentials*DATABRICKS_HOST*https://*").Which.Message.Should().NotContain("dapi-x");
    }
}
