using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlflowScorers.Tests.Judges;

/// <summary>
/// Scorer tracing from dependency injection: the <c>Judges:RecordScorerTraces</c> key or MLflow's
/// <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c> turns it on; off when neither says so; a bad value fails naming the key.
/// </summary>
[NonParallelizable]
public sealed class ScorerTracesSettingsTests
{
    private const string Variable = "MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING";

    [TestCase(null, false)]
    [TestCase("true", true)]
    [TestCase("TRUE", true)]
    [TestCase("1", true)]
    [TestCase("false", false)]
    [TestCase("0", false)]
    public void Section_RecordScorerTraces_SetsTheOption(string? value, bool expected)
    {
        var values = new Dictionary<string, string?> { ["TrackingUri"] = "sqlite:///di.db", ["ReadEnvironment"] = "false" };
        if (value is not null)
        {
            values["Judges:RecordScorerTraces"] = value;
        }

        Options(values).RecordScorerTraces.Should().Be(expected);
    }

    [Test]
    public void Section_RecordScorerTracesNotABoolean_FailsNamingTheKey()
    {
        var act = () => Options(new() { ["TrackingUri"] = "sqlite:///di.db", ["ReadEnvironment"] = "false", ["Judges:RecordScorerTraces"] = "yes please" });

        act.Should().Throw<OptionsValidationException>().Which.Message
            .Should().Contain("Judges:RecordScorerTraces").And.Contain(Variable).And.Contain("'yes please' is not a boolean");
    }

    [Test]
    public void EnvironmentVariable_True_TurnsScorerTracingOn()
    {
        var before = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "true");
        try
        {
            Options(new() { ["TrackingUri"] = "sqlite:///di.db" }).RecordScorerTraces.Should().BeTrue();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, before);
        }
    }

    private static JudgeRuntimeOptions Options(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value;
    }
}
