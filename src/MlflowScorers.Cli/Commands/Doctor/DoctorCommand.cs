using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Doctor;

/// <summary><c>doctor</c>: what the tool is connected to and whether it works: the backend and its MLflow version, what it
/// supports, the experiment, the authentication method the resolver chose (never a secret), the scorers and whether a
/// monitor ran recently.</summary>
internal static class DoctorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var command = new Command("doctor", "Check the connection: backend, server version, capabilities, experiment, auth method and scorers.");
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var backend = await client.GetBackendInfoAsync(cancellationToken).ConfigureAwait(false);
            var experimentId = await client.GetActiveExperimentIdAsync(cancellationToken).ConfigureAwait(false);
            var experiment = await client.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
            var monitor = MonitorActivity.Of(experiment, TimeProvider.System.GetUtcNow());
            var scorers = await client.ListScorersAsync(cancellationToken: cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            var report = new DoctorDocument(
                TrackingUri: RedactedUri(client.TrackingUri),
                Backend: backend.Description,
                MlflowVersion: backend.MlflowVersion?.ToString(),
                SupportsServerSampling: backend.SupportsServerSampling,
                ExperimentId: experimentId,
                ExperimentName: experiment.Name,
                AuthMethod: AuthMethods.Describe(context.ClientOptions),
                ScorerCount: scorers.Count,
                StartedScorerCount: scorers.Count(s => s.Status == ScorerStatus.Started),
                MonitorLiveInstances: monitor.LiveInstances,
                MonitorLastSeen: monitor.LastSeen,
                MonitorScoredUpTo: monitor.ScoredUpTo,
                Monitor: monitor.Describe(TimeProvider.System.GetUtcNow()));
            context.Output.Result(report, Render(report));
            return 0;
        });
        return command;
    }

    /// <summary>The tracking URI without any user information (a URI may carry <c>user:password@</c>).</summary>
    internal static string RedactedUri(string trackingUri) =>
        Uri.TryCreate(trackingUri, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? trackingUri.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : trackingUri;

    private static Table Render(DoctorDocument report)
    {
        var table = new Table().AddColumns("check", "result");
        table.AddRow("tracking uri", CommandOutput.Escape(report.TrackingUri));
        table.AddRow("backend", CommandOutput.Escape(report.Backend));
        table.AddRow("mlflow version", CommandOutput.Escape(report.MlflowVersion ?? "-"));
        table.AddRow("server-side sampling", report.SupportsServerSampling ? "yes (start/update/stop of server-run judges)" : "no (.NET-hosted scorers only run under a monitor)");
        table.AddRow("experiment", CommandOutput.Escape($"{report.ExperimentId} ({report.ExperimentName})"));
        table.AddRow("auth method", CommandOutput.Escape(report.AuthMethod));
        table.AddRow("scorers", $"{report.ScorerCount.ToString(CultureInfo.InvariantCulture)} registered, {report.StartedScorerCount.ToString(CultureInfo.InvariantCulture)} started");
        table.AddRow("monitor", CommandOutput.Escape(report.Monitor));
        return table;
    }
}

/// <summary>The JSON document of <c>doctor</c>.</summary>
internal sealed record DoctorDocument(
    string TrackingUri,
    string Backend,
    string? MlflowVersion,
    bool SupportsServerSampling,
    string ExperimentId,
    string ExperimentName,
    string AuthMethod,
    int ScorerCount,
    int StartedScorerCount,
    int MonitorLiveInstances,
    DateTimeOffset? MonitorLastSeen,
    DateTimeOffset? MonitorScoredUpTo,
    string Monitor);
