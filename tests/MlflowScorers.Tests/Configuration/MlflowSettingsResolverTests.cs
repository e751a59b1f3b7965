using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using MlflowScorers.Client;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Configuration;

/// <summary>One resolver: explicit options, then the configuration section, then the environment, then MLflow's defaults.</summary>
public sealed class MlflowSettingsResolverTests
{
    private static readonly EnvironmentReader s_environment = EnvironmentReader.From(new Dictionary<string, string?>
    {
        ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:5001",
        ["MLFLOW_EXPERIMENT_ID"] = "7",
        ["MLFLOW_EXPERIMENT_NAME"] = "env-experiment",
        ["MLFLOW_TRACKING_TOKEN"] = "env-token",
        ["MLFLOW_TRACKING_USERNAME"] = "env-user",
        ["MLFLOW_TRACKING_PASSWORD"] = "env-password",
        ["OPENAI_API_KEY"] = "env-openai-key",
    });

    [Test]
    public void ResolveConnection_NothingConfigured_DefaultsToLocalSqliteAsMlflowDoes()
    {
        var connection = new MlflowSettingsResolver(null, null, EnvironmentReader.None).ResolveConnection();

        connection.TrackingUri.Should().Be("sqlite:///mlflow.db");
        connection.Scheme.Should().Be("sqlite");
        connection.DatabasePath.Should().Be(System.IO.Path.GetFullPath("mlflow.db"));
        connection.ExperimentId.Should().BeNull();
        connection.ExperimentName.Should().BeNull();
        connection.Credentials.Should().BeNull();
    }

    [Test]
    public void ResolveConnection_EnvironmentOnly_TakesTheMlflowVariables()
    {
        var connection = new MlflowSettingsResolver(null, null, s_environment).ResolveConnection();

        connection.TrackingUri.Should().Be("http://127.0.0.1:5001");
        connection.ServerAddress.Should().Be(new Uri("http://127.0.0.1:5001/"));
        connection.ExperimentId.Should().Be("7");
        connection.ExperimentName.Should().Be("env-experiment");
        connection.Credentials!.Description.Should().Be("bearer token", "the token wins over basic credentials, as in MLflow");
    }

    [Test]
    public void ResolveConnection_SectionWinsOverEnvironment_ExplicitWinsOverSection()
    {
        var section = Section(new()
        {
            ["TrackingUri"] = "http://127.0.0.1:5002",
            ["ExperimentName"] = "section-experiment",
            ["TrackingToken"] = "section-token",
        });

        var fromSection = new MlflowSettingsResolver(null, section, s_environment).ResolveConnection();
        var fromExplicit = new MlflowSettingsResolver(new ConnectionValues { TrackingUri = "sqlite:///explicit.db" }, section, s_environment)
            .ResolveConnection();

        fromSection.TrackingUri.Should().Be("http://127.0.0.1:5002");
        fromExplicit.TrackingUri.Should().Be("sqlite:///explicit.db");
        fromExplicit.ExperimentName.Should().Be("section-experiment");
    }

    [Test]
    public void ResolveConnection_ExperimentComesFromOneSource_NeverAnIdFromOneAndANameFromAnother()
    {
        var section = Section(new() { ["ExperimentName"] = "section-experiment" });

        var connection = new MlflowSettingsResolver(null, section, s_environment).ResolveConnection();

        connection.ExperimentName.Should().Be("section-experiment");
        connection.ExperimentId.Should().BeNull("the environment's MLFLOW_EXPERIMENT_ID must not pair with the section's name");
    }

    [Test]
    public void ResolveConnection_Overrides_WinOverEverySource()
    {
        var resolver = new MlflowSettingsResolver(new ConnectionValues { ExperimentId = "3" }, null, s_environment);

        var connection = resolver.ResolveConnection(new ConnectionValues { ExperimentName = "tracing-experiment" });

        connection.ExperimentName.Should().Be("tracing-experiment");
        connection.ExperimentId.Should().BeNull();
        connection.TrackingUri.Should().Be("http://127.0.0.1:5001");
    }

    [Test]
    public void ResolveConnection_BlankValues_CountAsUnset()
    {
        var resolver = new MlflowSettingsResolver(new ConnectionValues { TrackingUri = "  ", ExperimentId = "" }, null, s_environment);

        var connection = resolver.ResolveConnection();

        connection.TrackingUri.Should().Be("http://127.0.0.1:5001");
        connection.ExperimentId.Should().Be("7");
    }

    [TestCase("sqlite://relative.db")]
    [TestCase("sqlite:///")]
    [TestCase("http://")]
    public void ResolveConnection_MalformedTrackingUri_ThrowsNamingIt(string uri)
    {
        var resolver = new MlflowSettingsResolver(new ConnectionValues { TrackingUri = uri }, null, EnvironmentReader.None);

        var act = () => resolver.ResolveConnection();

        act.Should().Throw<ArgumentException>().WithMessage($"*'{uri}'*");
    }

    [Test]
    public void Get_JudgeSetting_ExplicitThenSectionThenEnvironment()
    {
        var section = Section(new() { ["Judges:OpenAIBaseUrl"] = "http://127.0.0.1:8000/v1" });
        var resolver = new MlflowSettingsResolver(null, section, s_environment);

        resolver.Get(SettingKey.OpenAIApiKey).Should().Be("env-openai-key");
        resolver.Get(SettingKey.OpenAIApiKey, "explicit-key").Should().Be("explicit-key");
        resolver.Get(SettingKey.OpenAIBaseUrl).Should().Be("http://127.0.0.1:8000/v1");
    }

    [Test]
    public void ClientSettings_ReadEnvironmentOff_IgnoresVariables()
    {
        var settings = ClientSettings.Resolve(new MlflowClientOptions { ReadEnvironment = false }, null, s_environment);

        settings.TrackingUri.Should().Be("sqlite:///mlflow.db");
        settings.Connection.Credentials.Should().BeNull();
    }

    [Test]
    public void ClientSettings_CopiesRetryOptions_SoLaterChangesDoNotLeakIn()
    {
        var options = new MlflowClientOptions();
        var settings = ClientSettings.Resolve(options, null, EnvironmentReader.None);

        options.Retry.MaxRetries = 42;

        settings.Retry.MaxRetries.Should().NotBe(42);
    }

    [Test]
    public void ToString_NeverShowsSecrets()
    {
        var settings = ClientSettings.Resolve(new MlflowClientOptions(), null, s_environment);
        var values = new ConnectionValues { Token = "env-token", Password = "env-password" };

        settings.ToString().Should().NotContain("env-token").And.NotContain("env-password");
        values.ToString().Should().NotContain("env-token").And.NotContain("env-password");
        settings.Connection.Credentials!.ToString().Should().NotContain("env-token");
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
