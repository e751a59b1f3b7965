using System;
using System.IO;
using Spectre.Console;

namespace MlflowScorers.Cli.Hosting;

/// <summary>Where a run of the tool reads and writes: the process's console, or in tests plain writers.</summary>
internal sealed class CliTerminal
{
    /// <summary>Creates a terminal over the given streams.</summary>
    /// <param name="output">Standard output: tables, charts and JSON documents.</param>
    /// <param name="error">Standard error: one-line errors, <c>--verbose</c> detail, warnings.</param>
    /// <param name="input">Where a confirmation answer is read.</param>
    /// <param name="isInteractive">Whether a person is at a terminal who can answer a confirmation and watch a progress bar.</param>
    /// <param name="handlesSignals">Whether Ctrl+C / SIGTERM cancel the running command (true for the real process only).</param>
    public CliTerminal(TextWriter output, TextWriter error, TextReader input, bool isInteractive, bool handlesSignals = false)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        Input = input ?? throw new ArgumentNullException(nameof(input));
        IsInteractive = isInteractive;
        HandlesSignals = handlesSignals;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!isInteractive)
        {
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input.</summary>
    public TextReader Input { get; }

    /// <summary>Whether a person is at a terminal.</summary>
    public bool IsInteractive { get; }

    /// <summary>Whether process signals cancel the command.</summary>
    public bool HandlesSignals { get; }

    /// <summary>Spectre.Console over <see cref="Output"/>, for tables, charts and progress.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The process's own console; interactive when neither input nor output is redirected.</summary>
    public static CliTerminal FromProcess() => new(
        System.Console.Out,
        System.Console.Error,
        System.Console.In,
        isInteractive: !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected,
        handlesSignals: true);
}
