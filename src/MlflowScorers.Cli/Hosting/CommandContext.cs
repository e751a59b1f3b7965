using System;
using System.CommandLine;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Output;

namespace MlflowScorers.Cli.Hosting;

/// <summary>What one command's action works with: the parsed command line, the terminal, the output and one client, created
/// on first use from the connection options and the SDK's own resolver.</summary>
internal sealed class CommandContext : IAsyncDisposable
{
    private readonly GlobalOptions _options;
    private readonly Action<MlflowClientOptions>? _configureClient;
    private MlflowClient? _client;

    /// <summary>Creates the context of one invocation.</summary>
    public CommandContext(ParseResult parseResult, GlobalOptions options, CliTerminal terminal, Action<MlflowClientOptions>? configureClient)
    {
        _configureClient = configureClient;
        ParseResult = parseResult;
        _options = options;
        Terminal = terminal;
        Json = parseResult.GetValue(options.Json);
        Verbose = parseResult.GetValue(options.Verbose);
        AssumeYes = parseResult.GetValue(options.Yes);
        Output = new CommandOutput(terminal, Json);
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult ParseResult { get; }

    /// <summary>The terminal.</summary>
    public CliTerminal Terminal { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Whether <c>--verbose</c> was given.</summary>
    public bool Verbose { get; }

    /// <summary>Whether <c>--yes</c> was given.</summary>
    public bool AssumeYes { get; }

    /// <summary>Where results are written.</summary>
    public CommandOutput Output { get; }

    /// <summary>The client options from the command line; what is not given here the SDK resolves from the environment.</summary>
    public MlflowClientOptions ClientOptions
    {
        get
        {
            var options = new MlflowClientOptions
            {
                TrackingUri = ParseResult.GetValue(_options.TrackingUri),
                ExperimentId = ParseResult.GetValue(_options.ExperimentId),
                ExperimentName = ParseResult.GetValue(_options.ExperimentName),
            };
            _configureClient?.Invoke(options);
            return options;
        }
    }

    /// <summary>The one client of this invocation.</summary>
    public MlflowClient Client => _client ??= new MlflowClient(ClientOptions);

    /// <summary>Whether a progress bar may be drawn: a person is watching and the output is not a JSON document.</summary>
    public bool ShowsProgress => Terminal.IsInteractive && !Json;

    /// <summary>Asks before a destructive operation. <c>--yes</c> skips the question; without a terminal and without
    /// <c>--yes</c> the operation is refused.</summary>
    /// <exception cref="NotConfirmedException">Declined, or nobody to ask.</exception>
    public void Confirm(string question)
    {
        if (AssumeYes)
        {
            return;
        }

        if (!Terminal.IsInteractive)
        {
            throw new NotConfirmedException($"Refused: {question} needs confirmation, and there is no terminal to ask; pass --yes to confirm.");
        }

        Terminal.Error.Write($"{question} [y/N] ");
        var answer = Terminal.Input.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotConfirmedException($"Not confirmed: {question} was declined; nothing was changed.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
