using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlflowScorers.Diagnostics;
using MlflowScorers.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// AddMlflowTracing() takes the client's configuration (the section given to AddMlflowScorers), resolves the experiment as
/// the client does, and logs why spans could not be stored.
/// </summary>
[NonParallelizable]
public sealed class TracingConfigurationTests
{
    private string _folder = null!;
    private ActivitySource _source = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mlflowscorers-tracing-").FullName;
        _source = new ActivitySource("MlflowScorers.Tests.Tracing.Configuration." + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _source.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task AddMlflowTracing_WithoutArguments_WritesToTheClientsDatabase_AndCreatesItsNamedExperiment()
    {
        var database = Path.Combine(_folder, "configured.db");
        var section = Section(new() { ["MlflowScorers:TrackingUri"] = "sqlite:///" + database, ["MlflowScorers:ExperimentName"] = "dotnet-app" });

        using (var sdk = OpenTelemetrySdk.Create(otel =>
        {
            otel.Services.AddMlflowScorers(section);
            otel.WithTracing(tracing => tracing.AddSource(_source.Name).AddMlflowTracing());
        }))
        {
            using (_source.StartActivity("app"))
            {
            }
        }

        await using var client = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = "sqlite:///" + database,
            ExperimentName = "dotnet-app",
            ReadEnvironment = false,
        });
        var traces = await client.SearchTracesAsync().ToListAsync();
        traces.Should().ContainSingle().Which.RootSpan!.Name.Should().Be("app");
    }

    [Test]
    public void ExperimentThatDoesNotExist_LogsTheStoresCause_OnceAMinute_NotOncePerSpan()
    {
        var logs = new CapturingLoggerFactory();
        var section = Section(new() { ["MlflowScorers:TrackingUri"] = "sqlite:///" + Path.Combine(_folder, "empty.db") });

        using (var sdk = OpenTelemetrySdk.Create(otel =>
        {
            otel.Services.AddSingleton<ILoggerFactory>(logs);
            otel.Services.AddMlflowScorers(section);
            otel.WithTracing(tracing => tracing.AddSource(_source.Name).AddMlflowTracing(o => o.ExperimentId = "1"));
        }))
        {
            for (var i = 0; i < 10; i++)
            {
                using (_source.StartActivity("app"))
                {
                }
            }
        }

        var failures = logs.Lines.Where(l => l.EventId == MlflowLogEvents.TracingExportFailed).ToList();
        failures.Should().HaveCount(2, "the first failure is logged at once and the other nine at shutdown, summed");
        failures.Should().OnlyContain(l => l.Level == LogLevel.Error && l.Message.Contains("No Experiment with id=1 exists"));
        failures.Sum(l => Convert.ToInt64(l.Values["Count"], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(10);
        failures[0].Values["Reason"].Should().Be("export_failed");
    }

    [Test]
    public void SqliteUriWithTwoSlashes_IsRejectedByTracingAsByTheClient_BeforeAnySpan()
    {
        var tracing = () => MlflowTracing.CreateTracerProvider(o => o.TrackingUri = "sqlite://relative.db");
        var client = () => new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite://relative.db", ReadEnvironment = false });

        tracing.Should().Throw<ArgumentException>().WithMessage("*'sqlite://relative.db'*sqlite:///*");
        client.Should().Throw<ArgumentException>().WithMessage("*'sqlite://relative.db'*sqlite:///*");
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("MlflowScorers");
}
