using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Configuration.Databricks;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;
using OpenTelemetry.Trace;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowScorers.Tests.Security;

/// <summary>
/// Issue 9: a token, a password and a client secret planted in every secret option, configuration key and environment
/// variable (every <see cref="SettingKey"/> flagged secret) appear in no log line (Trace level), no exception message,
/// <c>ToString()</c>, <c>Data</c> or inner exception, and no <c>ToString()</c> of an options or settings object, on the
/// success and the failure paths: client construction from options, a section and the environment, DI, a refused
/// connection, a server that echoes the <c>Authorization</c> header in its 401/403/500 reply, plain-http refusal, invalid
/// options, and judges.
/// </summary>
[NonParallelizable]
public sealed class SecretLeakTests : WireMockFixture
{
    private const string RemotePlainHttp = "http://10.20.30.40:5000";

    private static readonly SecretSource[] s_sources = Enum.GetValues<SecretSource>();

    [Test]
    public void Planting_CoversTheDeclaredSecrets_AndTheCheckFindsAPlantedValue()
    {
        var secrets = new PlantedSecrets();
        var shown = new ShownText();
        shown.Add("probe", $"header was Bearer {secrets.Value(SettingKey.TrackingToken, SecretSource.Section)[3..]}");

        PlantedSecrets.DeclaredSecretKeys().Should().Contain([SettingKey.TrackingToken, SettingKey.TrackingPassword, SettingKey.OpenAIApiKey]);
        PlantedSecrets.DeclaredSecretKeys().Select(k => k.EnvironmentVariable).Should().Contain(["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "ARM_CLIENT_SECRET"]);
        secrets.PlantIn(new MlflowClientOptions()).Should().Be(5, "the MLflow token and password, and the Databricks token, client secret and Azure client secret");
        secrets.PlantIn(new JudgeRuntimeOptions()).Should().Be(5, "the OpenAI key, the Databricks token, and the token, client secret and Azure client secret of its Databricks options");
        secrets.PlantIn(new MlflowTracingOptions()).Should().Be(5, "the token and the password, and the Databricks token, client secret and Azure client secret");
        shown.Leaks(secrets.Forbidden()).Should().ContainSingle("a secret cut at its start still carries the run marker at its end");
    }

    [Test]
    public async Task Client_PlainHttpToAnotherHost_RefusalShowsNoSecret([ValueSource(nameof(s_sources))] SecretSource winner, [Values] bool basic)
    {
        var secrets = new PlantedSecrets(withoutToken: basic);

        var shown = await RunClientAsync(secrets, winner, RemotePlainHttp, client => client.GetExperimentAsync("1"));

        shown.Exceptions.Should().ContainSingle().Which.Should().BeOfType<MlflowException>()
            .Which.Message.Should().Contain(CredentialRule.Statement);
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Client_ConnectionRefused_RetryLogsAndErrorShowNoSecret([ValueSource(nameof(s_sources))] SecretSource winner, [Values] bool basic)
    {
        var secrets = new PlantedSecrets(withoutToken: basic);

        var shown = await RunClientAsync(secrets, winner, $"http://127.0.0.1:{ClosedPort()}", client => client.GetExperimentAsync("1"));

        shown.Exceptions.Should().ContainSingle().Which.Should().BeOfType<MlflowConnectionException>();
        shown.LogLines.Should().BePositive("the retry is logged");
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Client_ServerEchoesAuthorizationInError_ExceptionAndLogsShowNoSecret(
        [ValueSource(nameof(s_sources))] SecretSource winner, [Values] bool basic, [Values(401, 403, 500)] int status)
    {
        var secrets = new PlantedSecrets(withoutToken: basic);
        EchoAuthorization(status);

        var shown = await RunClientAsync(secrets, winner, Server.Url!, client => client.GetExperimentAsync("1"));

        var error = shown.Exceptions.Should().ContainSingle().Which.Should().BeOfType<MlflowApiException>().Which;
        error.StatusCode.Should().Be((HttpStatusCode)status);
        error.Message.Should().Contain((basic ? "Basic " : "Bearer ") + AuthorizationRedaction.Placeholder, "the echoed header is shown with its credential hidden");
        shown.LogLines.Should().Be(status == 500 ? 1 : 0, "a 500 is retried once, and the retry logged with its failure");
        AssertServerSawSecret(secrets, winner, basic);
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Client_InvalidOptions_ErrorsShowNoSecret([Values] bool malformedUri, [ValueSource(nameof(s_sources))] SecretSource winner)
    {
        // A password without a user name (and no token) is incomplete; a malformed URI is rejected with the credentials set.
        var secrets = new PlantedSecrets(withoutToken: !malformedUri);
        var uri = malformedUri ? "http://" : Server.Url!;

        var shown = await RunClientAsync(secrets, winner, uri, client => client.GetExperimentAsync("1"), withUserName: malformedUri);

        shown.Exceptions.Should().ContainSingle().Which.Should().BeAssignableTo<ArgumentException>();
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Client_Success_ShowsNoSecret([ValueSource(nameof(s_sources))] SecretSource winner, [Values] bool basic)
    {
        var secrets = new PlantedSecrets(withoutToken: basic);
        Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"experiment":{"experiment_id":"1","name":"Default","lifecycle_stage":"active"}}"""));

        var shown = await RunClientAsync(secrets, winner, Server.Url!, client => client.GetExperimentAsync("1"));

        shown.Exceptions.Should().BeEmpty();
        AssertServerSawSecret(secrets, winner, basic);
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task DependencyInjection_EchoRefusalAndRefusedConnection_ShowNoSecret(
        [Values("echo", "refusal", "refused")] string scenario, [Values] bool basic)
    {
        var secrets = new PlantedSecrets(withoutToken: basic);
        EchoAuthorization(401);
        var uri = scenario switch
        {
            "echo" => Server.Url!,
            "refusal" => RemotePlainHttp,
            _ => $"http://127.0.0.1:{ClosedPort()}",
        };
        var logs = new CapturingLoggerFactory();
        var shown = new ShownText();
        using (ProcessEnvironment.Set(secrets.Environment(new Dictionary<string, string?> { [SettingKey.TrackingUri.EnvironmentVariable] = uri })))
        {
            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(logs);
            services.AddMlflowScorers(secrets.Section(RetryKeys()), o => secrets.PlantIn(o));
            services.Configure<JudgeRuntimeOptions>(o => secrets.PlantIn(o));
            using var provider = services.BuildServiceProvider();
            await CaptureAsync(shown, async () =>
            {
                shown.AddToString(provider.GetRequiredService<IOptions<MlflowClientOptions>>().Value);
                shown.AddToString(provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value);
                shown.AddToString(provider.GetRequiredService<MlflowSettingsResolverFactory>());
                shown.AddToString(provider.GetRequiredService<MlflowSettingsResolver>());
                var settings = provider.GetRequiredService<ClientSettings>();
                AddSettings(shown, settings);
                shown.AddToString(provider.GetRequiredService<JudgeRuntime>());
                var client = provider.GetRequiredService<MlflowClient>();
                shown.AddToString(client);
                await client.GetExperimentAsync("1");
            });
        }

        shown.AddLogs(logs);
        var expected = scenario switch
        {
            "echo" => typeof(MlflowApiException),
            "refusal" => typeof(OptionsValidationException),
            _ => typeof(MlflowConnectionException),
        };
        shown.Exceptions.Should().ContainSingle().Which.Should().BeOfType(expected);
        if (scenario == "echo")
        {
            AssertServerSawSecret(secrets, SecretSource.Options, basic);
        }

        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Judge_EndpointEchoesAuthorization_FailureShowsNoSecret([Values] bool throughDependencyInjection)
    {
        var secrets = new PlantedSecrets();
        EchoAuthorization(401);
        var shown = new ShownText();
        var failures = 0;
        var environment = secrets.Environment(new Dictionary<string, string?> { [SettingKey.OpenAIBaseUrl.EnvironmentVariable] = Server.Url + "/v1/" });
        using (ProcessEnvironment.Set(throughDependencyInjection ? environment : []))
        {
            var services = new ServiceCollection();
            services.AddMlflowScorers(secrets.Section());
            services.Configure<JudgeRuntimeOptions>(o => (o.MaxRetries, o.RetryDelay) = (0, TimeSpan.Zero));
            using var provider = services.BuildServiceProvider();
            await CaptureAsync(shown, async () =>
            {
                var options = new JudgeRuntimeOptions { OpenAIBaseUrl = new Uri(Server.Url + "/v1/"), MaxRetries = 0, RetryDelay = TimeSpan.Zero };
                secrets.PlantIn(options);
                if (throughDependencyInjection)
                {
                    options = provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value;
                }

                shown.AddToString(options);
                var runtime = throughDependencyInjection ? provider.GetRequiredService<JudgeRuntime>() : new JudgeRuntime(options);
                shown.AddToString(runtime);
                foreach (var feedback in await runtime.RunAsync(new Safety(), new ScorerContext { Outputs = JsonValue.Create("A friendly answer.") }))
                {
                    failures += feedback.Error is null ? 0 : 1;
                    shown.AddToString(feedback);
                    shown.Add("feedback error", feedback.Error?.ErrorMessage);
                    shown.Add("feedback error stack", feedback.Error?.StackTrace);
                    shown.Add("feedback rationale", feedback.Rationale);
                }
            });
        }

        var sent = secrets.Value(SettingKey.OpenAIApiKey, throughDependencyInjection ? SecretSource.Section : SecretSource.Options);
        Server.LogEntries.Should().Contain(e => AuthorizationOf(e) == "Bearer " + sent, "the key was sent, and echoed");
        (shown.Exceptions.Count + failures).Should().BePositive("the 401 must surface as an exception or a feedback error");
        shown.Contains("Bearer " + AuthorizationRedaction.Placeholder).Should().BeTrue("the echoed header is shown with its key hidden");
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Databricks_ServerEchoesCredentials_ShowsNoSecret([Values] bool oauth)
    {
        var secrets = new PlantedSecrets();
        EchoAuthorization(oauth ? 400 : 403);
        var logs = new CapturingLoggerFactory();
        var shown = new ShownText();
        var options = new MlflowClientOptions { TrackingUri = "databricks", LoggerFactory = logs, Retry = { MaxRetries = 0, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } };
        secrets.PlantIn(options);
        options.Databricks.Host = Server.Url;
        if (oauth)
        {
            options.Databricks.Token = null;
            options.Databricks.ClientId = "planted-client-id";
        }

        shown.AddToString(options);
        shown.AddToString(options.Databricks);
        await CaptureAsync(shown, async () =>
        {
            var settings = ClientSettings.Resolve(options, null, EnvironmentReader.None);
            AddSettings(shown, settings);
            using var client = new MlflowClient(settings, httpClient: null);
            shown.AddToString(client);
            await client.GetExperimentAsync("1");
        });
        shown.AddLogs(logs);

        shown.Exceptions.Should().ContainSingle();
        Server.LogEntries.Should().Contain(e => AuthorizationOf(e) != null, "the credentials were sent, and echoed");
        shown.Contains(AuthorizationRedaction.Placeholder).Should().BeTrue("the echoed header is shown with its credential hidden");
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Tracing_PlainHttpRefusalAndEchoingExporter_ShowNoSecret([Values] bool refusal)
    {
        var secrets = new PlantedSecrets();
        EchoAuthorization(401);
        var logs = new CapturingLoggerFactory();
        var shown = new ShownText();
        var options = new MlflowTracingOptions();
        await CaptureAsync(shown, () =>
        {
            using var provider = MlflowTracing.CreateTracerProvider(o =>
            {
                secrets.PlantIn(o);
                o.TrackingUri = refusal ? RemotePlainHttp : Server.Url;
                o.ExperimentId = "1";
                o.LoggerFactory = logs;
                o.Sources.Add(nameof(SecretLeakTests));
                options = o;
            });
            using (var source = new ActivitySource(nameof(SecretLeakTests)))
            using (source.StartActivity("planted"))
            {
            }

            provider.ForceFlush();
            return Task.CompletedTask;
        });
        shown.AddToString(options);
        shown.AddLogs(logs);

        if (refusal)
        {
            shown.Exceptions.Should().ContainSingle().Which.Message.Should().Contain(CredentialRule.Statement);
        }
        else
        {
            Server.LogEntries.Should().Contain(e => AuthorizationOf(e) != null && AuthorizationOf(e)!.StartsWith("Bearer ", StringComparison.Ordinal), "the token was sent, and echoed");
            (shown.Exceptions.Count + shown.LogLines).Should().BePositive("the refused export is logged or thrown");
        }

        AssertNoLeak(shown, secrets);
    }

    [Test]
    public async Task Judge_DatabricksEndpointEchoesCredentials_ShowsNoSecret([Values] bool oauth)
    {
        var secrets = new PlantedSecrets();
        EchoAuthorization(oauth ? 400 : 401);
        var shown = new ShownText();
        var options = new JudgeRuntimeOptions
        {
            DefaultModel = "databricks:/judge-endpoint",
            MaxRetries = 0,
            RetryDelay = TimeSpan.Zero,
            SettingsResolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None),
        };
        secrets.PlantIn(options);
        options.DatabricksToken = null;
        options.Databricks!.Host = Server.Url;
        if (oauth)
        {
            options.Databricks.Token = null;
            options.Databricks.ClientId = "planted-client-id";
        }

        shown.AddToString(options);
        shown.AddToString(options.Databricks);
        await CaptureAsync(shown, async () =>
        {
            var runtime = new JudgeRuntime(options);
            shown.AddToString(runtime);
            foreach (var feedback in await runtime.RunAsync(new Safety(), new ScorerContext { Outputs = JsonValue.Create("A friendly answer.") }))
            {
                shown.AddToString(feedback);
                shown.Add("feedback error", feedback.Error?.ErrorMessage);
                shown.Add("feedback error stack", feedback.Error?.StackTrace);
            }
        });

        Server.LogEntries.Should().Contain(e => AuthorizationOf(e) != null, "the credentials were sent, and echoed");
        shown.Contains(AuthorizationRedaction.Placeholder).Should().BeTrue("the echoed header is shown with its credential hidden");
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public void Tracing_DatabricksWorkspaceEchoesCredentials_ShowsNoSecret()
    {
        var secrets = new PlantedSecrets();
        EchoAuthorization(401);
        var logs = new CapturingLoggerFactory();
        var shown = new ShownText();
        var options = new MlflowTracingOptions();
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            secrets.PlantIn(o);
            o.TrackingUri = "databricks";
            o.ExperimentId = "1";
            o.Databricks!.Host = Server.Url;
            o.LoggerFactory = logs;
            o.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
            o.Sources.Add(nameof(SecretLeakTests));
            options = o;
        }))
        {
            using (var source = new ActivitySource(nameof(SecretLeakTests)))
            using (source.StartActivity("planted"))
            {
            }

            provider.ForceFlush();
        }

        shown.AddToString(options);
        shown.AddToString(options.Databricks);
        shown.AddLogs(logs);

        var token = secrets.Value(new SettingKey(DatabricksSetting.Token.ConfigurationKey, DatabricksSetting.Token.EnvironmentVariable, IsSecret: true), SecretSource.Options);
        Server.LogEntries.Should().Contain(e => AuthorizationOf(e) == "Bearer " + token, "the Databricks token was sent, and echoed");
        shown.LogLines.Should().BePositive("the refused export is logged");
        AssertNoLeak(shown, secrets);
    }

    [Test]
    public void Judge_KeyOverPlainHttpToAnotherHost_RefusalShowsNoSecret()
    {
        var secrets = new PlantedSecrets();
        var options = new JudgeRuntimeOptions { OpenAIBaseUrl = new Uri(RemotePlainHttp + "/v1/") };
        secrets.PlantIn(options);
        var shown = new ShownText();
        shown.AddToString(options);

        try
        {
            _ = new JudgeRuntime(options);
        }
        catch (Exception e)
        {
            shown.AddThrown(e);
        }

        shown.Exceptions.Should().ContainSingle().Which.Should().BeOfType<MlflowException>();
        AssertNoLeak(shown, secrets);
    }

    /// <summary>
    /// Builds the client the way <c>new MlflowClient(options)</c> does, but over all three sources: options set in code,
    /// the section and the environment (<see cref="EnvironmentReader.From"/>), planting the secrets from
    /// <paramref name="winner"/> down, so the winner's secrets are the ones sent; then runs <paramref name="call"/>.
    /// </summary>
    private static async Task<ShownText> RunClientAsync(
        PlantedSecrets secrets, SecretSource winner, string trackingUri, Func<MlflowClient, Task> call, bool withUserName = true)
    {
        var logs = new CapturingLoggerFactory();
        var shown = new ShownText();
        var uri = new Dictionary<string, string?>();
        var options = new MlflowClientOptions { LoggerFactory = logs, Retry = { MaxRetries = 1, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } };
        if (winner == SecretSource.Options)
        {
            secrets.PlantIn(options);
            options.TrackingUri = trackingUri;
        }

        var section = winner <= SecretSource.Section ? secrets.Section(winner == SecretSource.Section ? Uri(SettingKey.TrackingUri.ConfigurationKey) : null) : null;
        var environment = secrets.Environment(winner == SecretSource.Environment ? Uri(SettingKey.TrackingUri.EnvironmentVariable) : null);
        if (!withUserName)
        {
            options.TrackingUsername = null;
            environment.Remove(SettingKey.TrackingUsername.EnvironmentVariable);
            section = section is null ? null : WithoutUserName(section);
        }

        shown.AddToString(options);
        shown.AddToString(options.Retry);
        await CaptureAsync(shown, async () =>
        {
            var settings = ClientSettings.Resolve(options, section, EnvironmentReader.From(environment));
            AddSettings(shown, settings);
            using var client = new MlflowClient(settings, httpClient: null);
            shown.AddToString(client);
            await call(client);
        });
        shown.AddLogs(logs);
        return shown;

        Dictionary<string, string?> Uri(string key)
        {
            uri[key] = trackingUri;
            return uri;
        }
    }

    private static IConfigurationSection WithoutUserName(IConfigurationSection section)
    {
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null && p.Key != SettingKey.TrackingUsername.ConfigurationKey)
            .ToDictionary(p => $"{MlflowClientOptions.SectionName}:{p.Key}", p => p.Value);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(MlflowClientOptions.SectionName);
    }

    private static void AddSettings(ShownText shown, ClientSettings settings)
    {
        shown.AddToString(settings);
        shown.AddToString(settings.Connection);
        shown.AddToString(settings.Connection.Credentials);
        shown.AddToString(settings.Connection.Credentials?.Authenticator);
        shown.Add("credentials description", settings.Connection.Credentials?.Description);
        shown.AddToString(settings.Retry);
    }

    private static async Task CaptureAsync(ShownText shown, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            shown.AddThrown(e);
        }
    }

    private static Dictionary<string, string?> RetryKeys() => new()
    {
        ["Retry:MaxRetries"] = "1",
        ["Retry:BaseDelay"] = "00:00:00",
        ["Retry:MaxDelay"] = "00:00:00",
    };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void AssertNoLeak(ShownText shown, PlantedSecrets secrets)
    {
        shown.Count.Should().BePositive("the scenario must have shown something to check");
        shown.Leaks(secrets.Forbidden()).Should().BeEmpty("no planted secret may appear in a log line, a message or a ToString()");
    }

    /// <summary>Every reply, whatever the path, echoes the request's <c>Authorization</c> header: as text, in an MLflow error envelope, or in HTML.</summary>
    private void EchoAuthorization(int status)
    {
        var response = Response.Create().WithStatusCode(status).WithTransformer();
        response = status switch
        {
            401 => response.WithHeader("Content-Type", "text/plain").WithBody("Unauthorized: {{request.headers.Authorization}}"),
            400 => response.WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":"invalid_client","error_description":"Bad client {{request.headers.Authorization}}"}"""),
            403 => response.WithHeader("Content-Type", "application/json")
                .WithBody("""{"error_code":"PERMISSION_DENIED","message":"Denied for {{request.headers.Authorization}}"}"""),
            _ => response.WithHeader("Content-Type", "text/html").WithBody("<html><body><p>Internal error; you sent {{request.headers.Authorization}}</p></body></html>"),
        };
        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);
    }

    private void AssertServerSawSecret(PlantedSecrets secrets, SecretSource winner, bool basic)
    {
        var expected = basic
            ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{PlantedSecrets.UserName(winner)}:{secrets.Value(SettingKey.TrackingPassword, winner)}"))
            : "Bearer " + secrets.Value(SettingKey.TrackingToken, winner);
        Server.LogEntries.Should().Contain(e => AuthorizationOf(e) == expected, "the secret was sent, and echoed");
    }

    private static string? AuthorizationOf(ILogEntry entry) =>
        entry.RequestMessage.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
}
