using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;
using MlflowScorers.Tests.Databricks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Judges.Databricks;

/// <summary>
/// Judges on <c>databricks:/&lt;endpoint&gt;</c> models get their credentials from the client's Databricks credential chain: each
/// method against a fake workspace, the per-request header of a refreshed token, one refresh for concurrent calls, profiles,
/// and a failure that names the methods tried without the secret.
/// </summary>
public sealed class DatabricksJudgeAuthTests
{
    private const string Endpoint = "judge-endpoint";
    private const string InvocationsPath = "/serving-endpoints/" + Endpoint + "/invocations";
    private static readonly ScorerContext s_row = new() { Outputs = JsonValue.Create("A friendly answer.") };
    private FakeServingWorkspace _workspace = null!;

    [SetUp]
    public void Start() => _workspace = FakeServingWorkspace.Start();

    [TearDown]
    public void Stop() => _workspace.Dispose();

    [Test]
    public async Task Pat_FromTheOptions_IsSentToTheServingEndpointsInvocations()
    {
        _workspace.AcceptAuthorization = header => header == "Bearer dapi-judge";
        var runtime = Runtime(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, Token = "dapi-judge" });

        await AssertPassesAsync(runtime);

        var call = _workspace.ServingCalls.Should().ContainSingle().Subject;
        call.Path.Should().Be(InvocationsPath);
        call.Authorization.Should().Be("Bearer dapi-judge");
    }

    [Test]
    public async Task Pat_FromTheEnvironment_IsUsedWhenTheOptionsSetNone()
    {
        _workspace.AcceptAuthorization = header => header == "Bearer dapi-from-env";
        var runtime = Runtime(_ => { }, new() { ["DATABRICKS_HOST"] = _workspace.Url, ["DATABRICKS_TOKEN"] = "dapi-from-env" });

        await AssertPassesAsync(runtime);

        _workspace.ServingCalls.Should().ContainSingle().Which.Authorization.Should().Be("Bearer dapi-from-env");
    }

    [Test]
    public async Task OAuthM2M_AsksForOneToken_AsTheClientDoes_AndSendsItOnEveryCall()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret");
        var runtime = Runtime(_ => { }, ServicePrincipalEnvironment());

        await AssertPassesAsync(runtime);
        await AssertPassesAsync(runtime);

        _workspace.TokensIssued.Should().Be(1, "the token is cached");
        var token = _workspace.To("/oidc/v1/token").Should().ContainSingle().Subject;
        token.Method.Should().Be("POST");
        token.Authorization.Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sp-client:sp-secret")));
        token.Headers["Content-Type"].Should().StartWith("application/x-www-form-urlencoded");
        token.Body.Should().Be("grant_type=client_credentials&scope=all-apis");
        _workspace.ServingCalls.Should().HaveCount(2).And.OnlyContain(r => r.Authorization == "Bearer oauth-token-1");
    }

    [Test]
    public async Task OAuthM2M_TokenExpiringDuringARun_IsReplacedBeforeTheNextCall()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret"); // accepts only the latest token it issued
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));
        var runtime = Runtime(o => o.TimeProvider = clock, ServicePrincipalEnvironment());

        await AssertPassesAsync(runtime);
        clock.Advance(TimeSpan.FromMinutes(54));
        await AssertPassesAsync(runtime);
        var beforeMargin = _workspace.TokensIssued;
        clock.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: inside the 5-minute refresh margin
        await AssertPassesAsync(runtime);

        beforeMargin.Should().Be(1);
        _workspace.TokensIssued.Should().Be(2);
        _workspace.ServingCalls.Select(r => r.Authorization).Should().Equal("Bearer oauth-token-1", "Bearer oauth-token-1", "Bearer oauth-token-2");
    }

    [Test]
    public async Task OAuthM2M_ConcurrentJudgeCallsDuringOneRefresh_MakeOneTokenRequest()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret");
        using var hold = new ManualResetEventSlim(false);
        _workspace.HoldTokens = hold;
        var runtime = Runtime(_ => { }, ServicePrincipalEnvironment());

        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => runtime.RunAsync(new Safety(), s_row))).ToList();
        while (_workspace.To("/oidc/v1/token").Count == 0)
        {
            await Task.Yield();
        }

        hold.Set();
        var results = await Task.WhenAll(calls);

        results.Should().OnlyContain(r => r.Single().Error == null);
        _workspace.TokensIssued.Should().Be(1);
        _workspace.To("/oidc/v1/token").Should().ContainSingle();
        _workspace.ServingCalls.Should().HaveCount(8).And.OnlyContain(r => r.Authorization == "Bearer oauth-token-1");
    }

    [Test]
    public async Task TokenCredential_IsAskedForTheDatabricksScope_AndItsTokenSent()
    {
        var credential = new FakeTokenCredential(_ => "entra-token");
        _workspace.AcceptAuthorization = header => header == "Bearer entra-token";
        var runtime = Runtime(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, Credential = credential });

        await AssertPassesAsync(runtime);
        await AssertPassesAsync(runtime);

        credential.Scopes.Should().Equal(AzureCredentialTokens.DatabricksScope);
        _workspace.ServingCalls.Should().HaveCount(2).And.OnlyContain(r => r.Authorization == "Bearer entra-token");
    }

    [TestCase("dev", null)]
    [TestCase(null, "dev")]
    [TestCase(null, "ci")]
    public async Task ProfileFile_WithSeveralProfiles_TheNamedOneIsUsed(string? fromOptions, string? fromEnvironment)
    {
        using var file = new TempConfigFile($"""
            [DEFAULT]
            host = http://127.0.0.1:1
            token = default-token

            [dev]
            host = {_workspace.Url}
            token = dev-token

            [ci]
            host = {_workspace.Url}
            client_id = sp-client
            client_secret = sp-secret
            """);
        var profile = fromOptions ?? fromEnvironment;
        if (profile == "ci")
        {
            _workspace.UseServicePrincipal("sp-client", "sp-secret");
        }

        var environment = new Dictionary<string, string?> { ["HOME"] = file.Home, ["DATABRICKS_CONFIG_PROFILE"] = fromEnvironment };
        var runtime = Runtime(o => o.Databricks = fromOptions is null ? null : new DatabricksOptions { Profile = fromOptions }, environment);

        await AssertPassesAsync(runtime);

        _workspace.ServingCalls.Should().ContainSingle().Which.Authorization.Should().Be(profile == "ci" ? "Bearer oauth-token-1" : "Bearer dev-token");
    }

    [Test]
    public void NoCompleteMethod_FailsWhenCreated_ListingTheMethodsTried_WithoutTheSecret()
    {
        const string secret = "planted-client-secret-8c1d";

        var act = () => Runtime(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, ClientSecret = secret });

        var error = act.Should().Throw<DatabricksAuthenticationException>().Which;
        error.Message.Should().Contain("Tried, in order: pat (missing token (DATABRICKS_TOKEN)); oauth-m2m (missing client_id (DATABRICKS_CLIENT_ID))")
            .And.Contain("client_secret = *** (from options)");
        error.ToString().Should().NotContain(secret);
        _workspace.Requests.Should().BeEmpty("the failure comes before any request");
    }

    [Test]
    public async Task NoCompleteMethod_ForAJudgeThatNamesTheEndpoint_FailsAtItsCall_NamingTheModel()
    {
        var runtime = Runtime(o => o.DefaultModel = "openai:/gpt-4.1-mini", new() { ["DATABRICKS_HOST"] = _workspace.Url, ["DATABRICKS_CLIENT_SECRET"] = "planted-env-secret" });

        var act = () => runtime.RunAsync(new Safety { Model = "databricks:/" + Endpoint }, s_row);

        var error = (await act.Should().ThrowAsync<DatabricksAuthenticationException>()).Which;
        error.Message.Should().StartWith($"Model 'databricks:/{Endpoint}' runs on a Databricks serving endpoint").And.Contain("oauth-m2m (missing client_id");
        error.ToString().Should().NotContain("planted-env-secret");
        _workspace.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task HostAndTokenShortcuts_WinOverTheDatabricksOptions()
    {
        _workspace.AcceptAuthorization = header => header == "Bearer dapi-shortcut";
        var runtime = Runtime(o =>
        {
            o.DatabricksHost = new Uri(_workspace.Url);
            o.DatabricksToken = "dapi-shortcut";
            o.Databricks = new DatabricksOptions { Host = "http://127.0.0.1:1", Token = "dapi-ignored" };
        });

        await AssertPassesAsync(runtime);

        _workspace.ServingCalls.Should().ContainSingle().Which.Authorization.Should().Be("Bearer dapi-shortcut");
    }

    private static Dictionary<string, string?> ServicePrincipalEnvironment() => new()
    {
        ["DATABRICKS_CLIENT_ID"] = "sp-client",
        ["DATABRICKS_CLIENT_SECRET"] = "sp-secret",
    };

    private JudgeRuntime Runtime(Action<JudgeRuntimeOptions> configure, Dictionary<string, string?>? environment = null)
    {
        var variables = environment ?? [];
        if (variables.ContainsKey("DATABRICKS_CLIENT_ID"))
        {
            variables["DATABRICKS_HOST"] = _workspace.Url;
        }

        var options = new JudgeRuntimeOptions
        {
            DefaultModel = "databricks:/" + Endpoint,
            MaxRetries = 0,
            RetryDelay = TimeSpan.Zero,
            SettingsResolver = new MlflowSettingsResolver(null, null, EnvironmentReader.From(variables)),
        };
        configure(options);
        return new JudgeRuntime(options);
    }

    private static async Task AssertPassesAsync(JudgeRuntime runtime)
    {
        var feedback = (await runtime.RunAsync(new Safety(), s_row)).Single();
        feedback.Error.Should().BeNull();
        feedback.Value!.GetValue<string>().Should().Be("yes");
    }
}
