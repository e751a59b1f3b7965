using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlflowScorers.Tests.Client;

/// <summary>DI: synchronous disposal, start-up validation naming the key, and the judge services from the same section.</summary>
public sealed class ServiceRegistrationTests
{
    [Test]
    public void BuildServiceProvider_DisposedSynchronously_DisposesTheClient()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(o =>
        {
            o.TrackingUri = "http://127.0.0.1:5000";
            o.ReadEnvironment = false;
        });

        var act = () =>
        {
            using var provider = services.BuildServiceProvider();
            _ = provider.GetRequiredService<MlflowClient>();
        };

        act.Should().NotThrow("MlflowClient is IDisposable as well as IAsyncDisposable");
    }

    [TestCase("sqlite://relative.db", "MlflowScorers:TrackingUri")]
    [TestCase("http://mlflow.example.com", "MlflowScorers:TrackingUri")]
    public void ValidateOnStart_BadOptions_FailNamingTheKey(string trackingUri, string key)
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(Section(new()
        {
            ["TrackingUri"] = trackingUri,
            ["TrackingToken"] = "tok-SECRET-di",
            ["ReadEnvironment"] = "false",
        }));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        // The judge options read the client's options too, so the failure may arrive once per options type, aggregated.
        var error = Assert.Catch(() => act());
        error.ToString().Should().Contain(nameof(OptionsValidationException)).And.Contain(key).And.Contain(trackingUri).And.NotContain("tok-SECRET-di");
    }

    [Test]
    public void Judges_FromTheSameSection_RegisteredWithRunnerAndHarness()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(Section(new()
        {
            ["TrackingUri"] = "sqlite:///di.db",
            ["ReadEnvironment"] = "false",
            ["Judges:OpenAIBaseUrl"] = "http://127.0.0.1:8000/v1/",
            ["Judges:OpenAIApiKey"] = "section-key",
            ["Judges:DefaultModel"] = "openai:/local-model",
        }));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value;
        options.OpenAIBaseUrl.Should().Be(new Uri("http://127.0.0.1:8000/v1/"));
        options.OpenAIApiKey.Should().Be("section-key");
        options.DefaultModel.Should().Be("openai:/local-model");
        provider.GetRequiredService<EvaluationHarness>().Should().NotBeNull();
        provider.GetRequiredService<ScorerRunner>().Should().BeSameAs(provider.GetRequiredService<ScorerRunner>());
    }

    [Test]
    public void Judges_OpenAIVariables_ReadWhenNothingElseSetsThem()
    {
        var before = (Environment.GetEnvironmentVariable("OPENAI_API_KEY"), Environment.GetEnvironmentVariable("OPENAI_BASE_URL"));
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "env-key");
        Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "http://localhost:9999/v1/");
        try
        {
            var services = new ServiceCollection();
            services.AddMlflowScorers(o => o.TrackingUri = "sqlite:///di.db");
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value;

            options.OpenAIApiKey.Should().Be("env-key");
            options.OpenAIBaseUrl.Should().Be(new Uri("http://localhost:9999/v1/"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", before.Item1);
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", before.Item2);
        }
    }

    [Test]
    public void Judges_KeyOverPlainHttpToAnotherHost_FailsAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(Section(new()
        {
            ["ReadEnvironment"] = "false",
            ["Judges:OpenAIBaseUrl"] = "http://llm.example.com/v1/",
            ["Judges:OpenAIApiKey"] = "section-key",
        }));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("MlflowScorers:Judges").And.NotContain("section-key");
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
