using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Judges.Databricks;

/// <summary>
/// Under dependency injection, <c>databricks:/</c> judges next to a client on a <c>databricks</c> tracking URI share the
/// client's credential chain (one token cache); otherwise they resolve the chain from the same section and environment.
/// </summary>
public sealed class DatabricksJudgeServicesTests
{
    private static readonly ScorerContext s_row = new() { Outputs = JsonValue.Create("A friendly answer.") };
    private FakeServingWorkspace _workspace = null!;

    [SetUp]
    public void Start() => _workspace = FakeServingWorkspace.Start();

    [TearDown]
    public void Stop() => _workspace.Dispose();

    [Test]
    public async Task ClientOnDatabricks_JudgeSharesItsTokenCache_OneTokenForBoth()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret");
        using var provider = Provider(judges => judges.DefaultModel = "databricks:/judge-endpoint");
        var client = provider.GetRequiredService<MlflowClient>();
        var runtime = provider.GetRequiredService<JudgeRuntime>();

        (await client.GetExperimentAsync("1")).Should().NotBeNull();
        (await runtime.RunAsync(new Safety(), s_row)).Single().Error.Should().BeNull();
        (await client.GetExperimentAsync("1")).Should().NotBeNull();

        _workspace.TokensIssued.Should().Be(1, "the judge uses the client's cached token");
        _workspace.Requests.Where(r => r.Path != "/oidc/v1/token").Should().HaveCount(3).And.OnlyContain(r => r.Authorization == "Bearer oauth-token-1");
    }

    [Test]
    public async Task ClientOnDatabricks_JudgeWithItsOwnDatabricksOptions_BuildsItsOwnChain()
    {
        _workspace.AcceptAuthorization = header => header is "Bearer dapi-judge-own" or "Bearer dapi-client";
        using var provider = Provider(
            judges => (judges.DefaultModel, judges.Databricks) = ("databricks:/judge-endpoint", new DatabricksOptions { Host = _workspace.Url, Token = "dapi-judge-own" }),
            client => (client.Databricks.ClientId, client.Databricks.ClientSecret, client.Databricks.Token) = (null, null, "dapi-client"));

        await provider.GetRequiredService<MlflowClient>().GetExperimentAsync("1");
        (await provider.GetRequiredService<JudgeRuntime>().RunAsync(new Safety(), s_row)).Single().Error.Should().BeNull();

        _workspace.To("/api/2.0/mlflow/experiments/get").Single().Authorization.Should().Be("Bearer dapi-client");
        _workspace.ServingCalls.Single().Authorization.Should().Be("Bearer dapi-judge-own");
    }

    [Test]
    public async Task ClientElsewhere_JudgeReadsTheSectionsDatabricksKeys()
    {
        _workspace.AcceptAuthorization = header => header == "Bearer dapi-section";
        var services = new ServiceCollection();
        services.AddMlflowScorers(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrackingUri"] = "sqlite:///judges-di.db",
            ["ReadEnvironment"] = "false",
            ["Databricks:Host"] = _workspace.Url,
            ["Databricks:Token"] = "dapi-section",
            ["Judges:DefaultModel"] = "databricks:/judge-endpoint",
        }).Build());
        services.Configure<JudgeRuntimeOptions>(o => (o.MaxRetries, o.RetryDelay) = (0, TimeSpan.Zero));
        using var provider = services.BuildServiceProvider();

        (await provider.GetRequiredService<JudgeRuntime>().RunAsync(new Safety(), s_row)).Single().Error.Should().BeNull();

        _workspace.ServingCalls.Should().ContainSingle().Which.Authorization.Should().Be("Bearer dapi-section");
    }

    [Test]
    public void ClientElsewhere_DatabricksDefaultModelWithoutCredentials_FailsAtStartUpListingTheMethods()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(o => (o.TrackingUri, o.ReadEnvironment) = ("sqlite:///judges-di.db", false));
        services.Configure<JudgeRuntimeOptions>(o => o.DefaultModel = "databricks:/judge-endpoint");
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*MlflowScorers:Judges*No Databricks workspace is configured*");
    }

    private ServiceProvider Provider(Action<JudgeRuntimeOptions> judges, Action<MlflowClientOptions>? client = null)
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(o =>
        {
            o.TrackingUri = "databricks";
            o.ExperimentId = "1";
            o.ReadEnvironment = false;
            o.Retry.MaxRetries = 0;
            o.Databricks = new DatabricksOptions { Host = _workspace.Url, ClientId = "sp-client", ClientSecret = "sp-secret" };
            client?.Invoke(o);
        });
        services.Configure<JudgeRuntimeOptions>(o =>
        {
            (o.MaxRetries, o.RetryDelay) = (0, TimeSpan.Zero);
            judges(o);
        });
        return services.BuildServiceProvider();
    }
}
