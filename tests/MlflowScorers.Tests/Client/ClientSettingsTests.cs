using System.Collections.Generic;
using MlflowScorers.Client;

namespace MlflowScorers.Tests.Client;

public sealed class ClientSettingsTests
{
    private static readonly Dictionary<string, string?> s_environment = new()
    {
        ["MLFLOW_TRACKING_URI"] = "http://env-host:5000",
        ["MLFLOW_EXPERIMENT_ID"] = "7",
        ["MLFLOW_EXPERIMENT_NAME"] = "env-experiment",
        ["MLFLOW_TRACKING_TOKEN"] = "env-token",
        ["MLFLOW_TRACKING_USERNAME"] = "env-user",
        ["MLFLOW_TRACKING_PASSWORD"] = "env-password",
    };

    [Test]
    public void Resolve_NothingConfigured_DefaultsToLocalSqliteAsMlflowDoes()
    {
        var settings = ClientSettings.Resolve(new MlflowClientOptions(), new Dictionary<string, string?>());

        settings.TrackingUri.Should().Be("sqlite:///mlflow.db");
        settings.ExperimentId.Should().BeNull();
        settings.Token.Should().BeNull();
    }

    [Test]
    public void Resolve_EnvironmentOnly_TakesEveryMlflowVariable()
    {
        var settings = ClientSettings.Resolve(new MlflowClientOptions(), s_environment);

        settings.TrackingUri.Should().Be("http://env-host:5000");
        settings.ExperimentId.Should().Be("7");
        settings.ExperimentName.Should().Be("env-experiment");
        settings.Token.Should().Be("env-token");
        settings.Username.Should().Be("env-user");
        settings.Password.Should().Be("env-password");
    }

    [Test]
    public void Resolve_ExplicitOptions_WinOverEnvironment()
    {
        var options = new MlflowClientOptions { TrackingUri = "sqlite:///other.db", ExperimentId = "3", TrackingToken = "explicit" };

        var settings = ClientSettings.Resolve(options, s_environment);

        settings.TrackingUri.Should().Be("sqlite:///other.db");
        settings.ExperimentId.Should().Be("3");
        settings.Token.Should().Be("explicit");
        settings.Username.Should().Be("env-user");
    }

    [Test]
    public void Resolve_ReadEnvironmentOff_IgnoresVariables()
    {
        var settings = ClientSettings.Resolve(new MlflowClientOptions { ReadEnvironment = false }, s_environment);

        settings.TrackingUri.Should().Be("sqlite:///mlflow.db");
        settings.Token.Should().BeNull();
    }

    [Test]
    public void Resolve_CopiesRetryOptions_SoLaterChangesDoNotLeakIn()
    {
        var options = new MlflowClientOptions();
        var settings = ClientSettings.Resolve(options, new Dictionary<string, string?>());

        options.Retry.MaxRetries = 42;

        settings.Retry.MaxRetries.Should().NotBe(42);
    }
}
