namespace MlflowScorers.Cli.Output;

/// <summary>The JSON document of a failed command (<c>{"error": {...}}</c>).</summary>
/// <param name="Error">The failure.</param>
internal sealed record ErrorDocument(ErrorView Error);

/// <summary>One failure.</summary>
/// <param name="ErrorCode">The server's <c>error_code</c>, or the tool's own code (BAD_INPUT, NOT_CONFIRMED, ...).</param>
/// <param name="Message">The one-line message.</param>
/// <param name="ExitCode">The process exit code.</param>
internal sealed record ErrorView(string ErrorCode, string Message, int ExitCode);
