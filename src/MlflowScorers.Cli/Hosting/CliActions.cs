using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;

namespace MlflowScorers.Cli.Hosting;

/// <summary>Binds command actions: each runs with a fresh <see cref="CommandContext"/>, and every failure becomes one line on
/// standard error (and a JSON error document with <c>--json</c>) and one of the <see cref="ExitCodes"/>.</summary>
internal sealed class CliActions
{
    /// <summary>Creates the binder for one terminal.</summary>
    /// <param name="terminal">Where the commands read and write.</param>
    /// <param name="options">The root command's global options.</param>
    /// <param name="configureClient">Adjusts the client options after the command line is read (tests shorten retries).</param>
    public CliActions(CliTerminal terminal, GlobalOptions options, Action<MlflowClientOptions>? configureClient = null)
    {
        Terminal = terminal;
        Options = options;
        ConfigureClient = configureClient;
    }

    /// <summary>Adjusts the client options of every command, or null.</summary>
    public Action<MlflowClientOptions>? ConfigureClient { get; }

    /// <summary>The terminal of this run.</summary>
    public CliTerminal Terminal { get; }

    /// <summary>The global options of this run's root command.</summary>
    public GlobalOptions Options { get; }

    /// <summary>Sets the action of <paramref name="command"/>.</summary>
    public void Bind(Command command, Func<CommandContext, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult, Options, Terminal, ConfigureClient);
            await using (context.ConfigureAwait(false))
            {
                try
                {
                    return await action(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    return Report(context, e, cancellationToken.IsCancellationRequested);
                }
            }
        });
    }

    /// <summary>Reports a failure: one line with the error code, the detail with <c>--verbose</c>.</summary>
    public static int Report(CommandContext context, Exception exception, bool cancelled)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = CliFailure.From(exception, cancelled);
        context.Terminal.Error.WriteLine($"error [{failure.ErrorCode}]: {failure.Message}");
        if (context.Verbose)
        {
            context.Terminal.Error.WriteLine(exception.ToString());
        }

        if (context.Json)
        {
            context.Output.WriteJson(new Output.ErrorDocument(new Output.ErrorView(failure.ErrorCode, failure.Message, failure.ExitCode)));
        }

        return failure.ExitCode;
    }
}
