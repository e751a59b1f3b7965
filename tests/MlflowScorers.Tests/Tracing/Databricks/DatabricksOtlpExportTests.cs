using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;
using MlflowScorers.Tests.Databricks;
using MlflowScorers.Tests.Support;
using MlflowScorers.Tracing;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing.Databricks;

/// <summary>
/// OTLP export to a <c>databricks</c> tracking URI: the workspace's OTLP route, the headers (see
/// <see cref="DatabricksOtlpIngestion"/>), and the client's credential chain per request: PAT, OAuth M2M (the client's token
/// request, refreshed tokens, one refresh shared with the client), TokenCredential, profiles, and failures.
/// </summary>
public sealed class DatabricksOtlpExportTests
{
    private const string SpansTable = "main.agents.mlflow_experiment_trace_otel_spans";
    private FakeServingWorkspace _workspace = null!;
    private ActivitySource _source = null!;

    [SetUp]
    public void Start()
    {
        _workspace = FakeServingWorkspace.Start();
        _source = new ActivitySource("MlflowScorers.Tests.Tracing.Databricks." + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void Stop()
    {
        _source.Dispose();
        _workspace.Dispose();
    }

    [Test]
    public void Pat_SpansGoToTheWorkspacesOtlpRoute_WithTheTokenTheExperimentAndTheSpansTable()
    {
        _workspace.AcceptAuthorization = header => header == "Bearer dapi-tracing";
        MlflowTracingOptions? options = null;
        using (var provider = Provider(o =>
        {
            o.Databricks = new DatabricksOptions { Host = _workspace.Url, Token = "dapi-tracing" };
            o.DatabricksSpansTable = SpansTable;
            options = o;
        }))
        {
            Emit("answer");
            provider.ForceFlush().Should().BeTrue();
        }

        var export = _workspace.To(FakeServingWorkspace.OtlpPath).Should().ContainSingle().Subject;
        export.Method.Should().Be("POST");
        export.Authorization.Should().Be("Bearer dapi-tracing");
        export.Headers[MlflowOtlpExporter.ExperimentHeader].Should().Be("42");
        export.Headers[DatabricksOtlpIngestion.SpansTableHeader].Should().Be(SpansTable);
        export.Headers["Content-Type"].Should().StartWith("application/x-protobuf");
        OtlpWireReader.ReadSpans(export.BodyBytes).Should().ContainSingle().Which.Name.Should().Be("answer");
        options!.Accounting.ExportedSpans.Should().Be(1);
    }

    [Test]
    public void NoSpansTable_OnlyTheExperimentHeaderNamesTheDestination()
    {
        using (var provider = Provider(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, Token = "dapi-tracing" }))
        {
            Emit("answer");
            provider.ForceFlush().Should().BeTrue();
        }

        var export = _workspace.To(FakeServingWorkspace.OtlpPath).Should().ContainSingle().Subject;
        export.Headers[MlflowOtlpExporter.ExperimentHeader].Should().Be("42");
        export.Headers.Should().NotContainKey(DatabricksOtlpIngestion.SpansTableHeader);
    }

    [Test]
    public void OAuthM2M_TokenRequestedAsTheClientDoes_AndRefreshedBeforeItExpires()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret"); // accepts only the latest token it issued
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));
        MlflowTracingOptions? options = null;
        using (var provider = Provider(
            o => (o.TimeProvider, options) = (clock, o),
            new() { ["DATABRICKS_HOST"] = _workspace.Url, ["DATABRICKS_CLIENT_ID"] = "sp-client", ["DATABRICKS_CLIENT_SECRET"] = "sp-secret" }))
        {
            Emit("first");
            provider.ForceFlush().Should().BeTrue();
            clock.Advance(TimeSpan.FromMinutes(54));
            Emit("second");
            provider.ForceFlush().Should().BeTrue();
            clock.Advance(TimeSpan.FromMinutes(2)); // inside the 5-minute refresh margin
            Emit("third");
            provider.ForceFlush().Should().BeTrue();
        }

        var token = _workspace.To("/oidc/v1/token")[0];
        token.Authorization.Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sp-client:sp-secret")));
        token.Headers["Content-Type"].Should().StartWith("application/x-www-form-urlencoded");
        token.Body.Should().Be("grant_type=client_credentials&scope=all-apis");
        _workspace.TokensIssued.Should().Be(2);
        _workspace.To(FakeServingWorkspace.OtlpPath).Select(r => r.Authorization)
            .Should().Equal("Bearer oauth-token-1", "Bearer oauth-token-1", "Bearer oauth-token-2");
        options!.Accounting.ExportedSpans.Should().Be(3);
        options.Accounting.DroppedSpans.Should().Be(0);
    }

    [Test]
    public async Task DependencyInjection_ClientOnTheSameWorkspace_SharesOneTokenCache_OneRefreshForConcurrentCalls()
    {
        _workspace.UseServicePrincipal("sp-client", "sp-secret");
        using var hold = new ManualResetEventSlim(false);
        _workspace.HoldTokens = hold;
        var services = new ServiceCollection();
        services.AddMlflowScorers(o =>
        {
            o.TrackingUri = "databricks";
            o.ExperimentId = "42";
            o.ReadEnvironment = false;
            o.Retry.MaxRetries = 0;
            o.Databricks = new DatabricksOptions { Host = _workspace.Url, ClientId = "sp-client", ClientSecret = "sp-secret" };
        });
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddMlflowTracing(o => o.Sources.Add(_source.Name)));
        await using var serviceProvider = services.BuildServiceProvider();
        var tracer = serviceProvider.GetRequiredService<TracerProvider>();
        var client = serviceProvider.GetRequiredService<MlflowClient>();

        Emit("answer");
        var export = Task.Run(() => tracer.Shutdown()); // waits for the export itself, which a flush does not while it is held
        var call = Task.Run(() => client.GetExperimentAsync("42"));
        while (_workspace.To("/oidc/v1/token").Count == 0)
        {
            await Task.Yield();
        }

        hold.Set();
        (await export).Should().BeTrue();
        (await call).Should().NotBeNull();

        _workspace.TokensIssued.Should().Be(1, "the exporter and the client share the client's chain");
        _workspace.Requests.Where(r => r.Path != "/oidc/v1/token").Select(r => r.Path).Should().BeEquivalentTo(
            [FakeServingWorkspace.OtlpPath, "/api/2.0/mlflow/experiments/get"]);
        _workspace.Requests.Where(r => r.Path != "/oidc/v1/token").Should().OnlyContain(r => r.Authorization == "Bearer oauth-token-1");
    }

    [Test]
    public void TokenCredential_ItsTokenIsSentOnEachExport()
    {
        var credential = new FakeTokenCredential(_ => "entra-token");
        _workspace.AcceptAuthorization = header => header == "Bearer entra-token";
        using (var provider = Provider(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, Credential = credential }))
        {
            Emit("first");
            provider.ForceFlush().Should().BeTrue();
            Emit("second");
            provider.ForceFlush().Should().BeTrue();
        }

        credential.Scopes.Should().Equal(AzureCredentialTokens.DatabricksScope);
        _workspace.To(FakeServingWorkspace.OtlpPath).Should().HaveCount(2).And.OnlyContain(r => r.Authorization == "Bearer entra-token");
    }

    [TestCase("databricks://ci", null)]
    [TestCase("databricks", "ci")]
    [TestCase("databricks://dev", "ci")]
    public void ProfileFile_WithSeveralProfiles_TheOneTheUriOrTheEnvironmentNamesIsUsed(string trackingUri, string? profileVariable)
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
            token = ci-token
            """);
        var expected = trackingUri == "databricks://dev" ? "Bearer dev-token" : "Bearer ci-token";
        using (var provider = Provider(
            o => o.TrackingUri = trackingUri,
            new() { ["HOME"] = file.Home, ["DATABRICKS_CONFIG_PROFILE"] = profileVariable }))
        {
            Emit("answer");
            provider.ForceFlush().Should().BeTrue();
        }

        _workspace.To(FakeServingWorkspace.OtlpPath).Should().ContainSingle().Which.Authorization.Should().Be(expected, "the tracking URI's profile wins over DATABRICKS_CONFIG_PROFILE");
    }

    [Test]
    public void NoCompleteMethod_FailsWhenTheProviderIsBuilt_ListingTheMethodsTried_WithoutTheSecret()
    {
        const string secret = "planted-tracing-secret-51f0";

        var build = () => Provider(o => o.Databricks = new DatabricksOptions { Host = _workspace.Url, ClientSecret = secret });

        var error = build.Should().Throw<DatabricksAuthenticationException>().Which;
        error.Message.Should().Contain("Tried, in order: pat (missing token (DATABRICKS_TOKEN)); oauth-m2m (missing client_id (DATABRICKS_CLIENT_ID))");
        error.ToString().Should().NotContain(secret);
        _workspace.Requests.Should().BeEmpty();
    }

    [Test]
    public void RefusedExport_IsCountedAsDropped_AndLoggedWithTheWorkspacesErrorCode_NeverTheToken()
    {
        _workspace.AcceptAuthorization = _ => false;
        var logs = new CapturingLoggerFactory();
        MlflowTracingOptions? options = null;
        using (var provider = Provider(o =>
        {
            o.Databricks = new DatabricksOptions { Host = _workspace.Url, Token = "dapi-refused-3c2e" };
            o.LoggerFactory = logs;
            options = o;
        }))
        {
            Emit("answer");
            provider.ForceFlush();
        }

        options!.Accounting.DroppedSpans.Should().Be(1);
        logs.Lines.Should().Contain(l => l.Message.Contains("UNAUTHENTICATED", StringComparison.Ordinal));
        logs.Lines.Should().NotContain(l => l.Message.Contains("dapi-refused-3c2e", StringComparison.Ordinal));
    }

    [TestCase("main.agents")]
    [TestCase("main..spans")]
    [TestCase("main.agents.spans.extra")]
    [TestCase("main.agents.my spans")]
    public void MalformedSpansTable_IsRefusedBeforeAnyRequest_NamingTheValueAndTheRule(string table)
    {
        var build = () => Provider(o =>
        {
            o.Databricks = new DatabricksOptions { Host = _workspace.Url, Token = "dapi-tracing" };
            o.DatabricksSpansTable = table;
        });

        build.Should().Throw<ArgumentException>().WithMessage($"DatabricksSpansTable '{table}' is not a Unity Catalog table name: expected catalog.schema.table*");
        _workspace.Requests.Should().BeEmpty();
    }

    [Test]
    public void SpansTable_ForATrackingUriThatIsNotDatabricks_IsRefused()
    {
        var build = () => Provider(o => (o.TrackingUri, o.DatabricksSpansTable) = (_workspace.Url, SpansTable));

        build.Should().Throw<ArgumentException>().WithMessage($"DatabricksSpansTable '{SpansTable}' is set, but the tracking URI '{_workspace.Url}' is not a Databricks workspace*");
    }

    private TracerProvider Provider(Action<MlflowTracingOptions> configure, Dictionary<string, string?>? environment = null) =>
        MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = "databricks";
            o.ExperimentId = "42";
            o.Sources.Add(_source.Name);
            o.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.From(environment ?? []));
            configure(o);
        });

    private void Emit(string name)
    {
        using (_source.StartActivity(name))
        {
        }
    }
}
