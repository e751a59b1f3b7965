using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Commands.Archival;
using MlflowScorers.Cli.Commands.Doctor;
using MlflowScorers.Cli.Commands.Evaluate;
using MlflowScorers.Cli.Commands.Monitoring;
using MlflowScorers.Cli.Commands.Scorers;
using MlflowScorers.Cli.Commands.Traces;
using MlflowScorers.Cli.Commands.Trend;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;

namespace MlflowScorers.Cli;

/// <summary>The <c>mlflow-scorers</c> command line: builds the command tree and runs one command line.</summary>
internal static class CliApplication
{
    /// <summary>Builds the root command for one terminal.</summary>
    /// <param name="terminal">Where the commands read and write.</param>
    /// <param name="configureClient">Adjusts every command's client options (tests shorten retries); null in the tool.</param>
    public static RootCommand CreateRootCommand(CliTerminal terminal, Action<MlflowClientOptions>? configureClient = null)
    {
        var options = new GlobalOptions();
        var actions = new CliActions(terminal, options, configureClient);
        var root = new RootCommand(
            "Manage, run and report on MLflow 3 GenAI scorers. Connection settings come from the options, else the SDK's environment variables "
            + "(MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_ID / _NAME, MLFLOW_TRACKING_TOKEN, ...), else sqlite:///mlflow.db. "
            + ExitCodes.Summary)
        {
            ListCommand.Create(actions),
            GetCommand.Create(actions),
            VersionsCommand.Create(actions),
            RegisterCommand.Create(actions),
            SamplingCommands.Start(actions),
            SamplingCommands.Update(actions),
            SamplingCommands.Stop(actions),
            DeleteCommand.Create(actions),
            TracesCommand.Create(actions),
            FeedbackCommand.Create(actions),
            TrendCommand.Create(actions),
            EvaluateCommand.Create(actions),
            DoctorCommand.Create(actions),
            MonitorCommand.Create(actions),
            BackfillCommand.Create(actions),
            ArchiveCommand.Create(actions),
        };
        options.AddTo(root);
        return root;
    }

    /// <summary>Runs one command line and returns its exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, CliTerminal terminal, CancellationToken cancellationToken, Action<MlflowClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(terminal);
        var root = CreateRootCommand(terminal, configureClient);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            var message = string.Join(" ", parse.Errors.Select(e => e.Message));
            terminal.Error.WriteLine($"error [BAD_INPUT]: {message} (see --help)");
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                new CommandOutput(terminal, json: true).WriteJson(new ErrorDocument(new ErrorView("BAD_INPUT", message, ExitCodes.BadInput)));
            }

            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = terminal.Output,
            Error = terminal.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = terminal.HandlesSignals ? TimeSpan.FromSeconds(5) : null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
