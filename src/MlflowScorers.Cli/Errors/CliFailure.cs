using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace MlflowScorers.Cli.Errors;

/// <summary>What one failed command reports: its exit code, an error code (the server's <c>error_code</c> when the server
/// answered) and a one-line message.</summary>
/// <param name="ExitCode">One of <see cref="ExitCodes"/>.</param>
/// <param name="ErrorCode">The server's <c>error_code</c>, or the tool's own code for a failure found before any request.</param>
/// <param name="Message">One line, without any secret.</param>
internal sealed record CliFailure(int ExitCode, string ErrorCode, string Message)
{
    /// <summary>Classifies an exception thrown by a command.</summary>
    /// <param name="exception">What the command threw.</param>
    /// <param name="cancelled">Whether the user cancelled the command (Ctrl+C); a cancellation otherwise is a timeout.</param>
    public static CliFailure From(Exception exception, bool cancelled)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException)
        {
            return cancelled
                ? new(ExitCodes.Cancelled, "CANCELLED", "Cancelled.")
                : new(ExitCodes.ServerError, "DEADLINE_EXCEEDED", $"The request was cancelled before the backend answered: {exception.Message}");
        }

        return exception switch
        {
            CliUsageException e => new(ExitCodes.BadInput, "BAD_INPUT", e.Message),
            NotConfirmedException e => new(ExitCodes.NotConfirmed, "NOT_CONFIRMED", e.Message),
            TraceArchivalException e => FromArchival(e),
            MlflowApiException e => FromServer(e),
            ScorerWriteConflictException e => new(ExitCodes.LostRace, "WRITE_CONFLICT", OneLine(e.Message)),
            ScorerOperationNotSupportedException e => new(ExitCodes.Unsupported, "NOT_SUPPORTED", e.Message),
            ScorerLimitExceededException e => new(ExitCodes.Unsupported, "LIMIT_EXCEEDED", e.Message),
            MlflowException { ErrorCode: var code } e when !string.IsNullOrEmpty(code.ToString()) =>
                new(ExitFor(code.ToString()) ?? ExitCodes.InternalError, code.ToString(), OneLine(e.Message)),
            ArgumentException or FormatException or JsonException => new(ExitCodes.BadInput, "BAD_INPUT", exception.Message),
            FileNotFoundException or DirectoryNotFoundException => new(ExitCodes.BadInput, "BAD_INPUT", exception.Message),
            HttpRequestException => new(ExitCodes.ServerError, "CONNECTION_FAILED", exception.Message),
            TimeoutException => new(ExitCodes.ServerError, "DEADLINE_EXCEEDED", exception.Message),
            _ => new(ExitCodes.InternalError, "INTERNAL", $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static CliFailure FromServer(MlflowApiException e)
    {
        var code = e.ErrorCode.ToString();
        var exit = ExitFor(code) ?? e.StatusCode switch
            {
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.AuthFailure,
                HttpStatusCode.Conflict => ExitCodes.LostRace,
                >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError => ExitCodes.BadInput,
                _ => ExitCodes.ServerError,
            };
        return new(exit, string.IsNullOrEmpty(code) ? "UNKNOWN" : code, OneLine(e.Message));
    }

    /// <summary>Trace archival refusals by their reason, not their HTTP status: an experiment that already archives is bad input
    /// (disable it first; retrying cannot win), not a lost race.</summary>
    private static CliFailure FromArchival(TraceArchivalException e) => e.Reason switch
    {
        TraceArchivalFailure.ExperimentNotFound or TraceArchivalFailure.NotConfigured => FromServer(e) with { ExitCode = ExitCodes.NotFound },
        TraceArchivalFailure.AlreadyConfigured => FromServer(e) with { ExitCode = ExitCodes.BadInput },
        _ => FromServer(e),
    };

    /// <summary>The exit code of an MLflow error code, or null for a code that does not say (then the HTTP status does).</summary>
    private static int? ExitFor(string errorCode) => errorCode switch
    {
        "RESOURCE_DOES_NOT_EXIST" => ExitCodes.NotFound,
        "INVALID_PARAMETER_VALUE" or "BAD_REQUEST" or "RESOURCE_ALREADY_EXISTS" => ExitCodes.BadInput,
        "UNAUTHENTICATED" or "PERMISSION_DENIED" => ExitCodes.AuthFailure,
        "ABORTED" or "RESOURCE_CONFLICT" => ExitCodes.LostRace,
        "NOT_IMPLEMENTED" or "ENDPOINT_NOT_FOUND" => ExitCodes.Unsupported,
        "INTERNAL_ERROR" or "TEMPORARILY_UNAVAILABLE" or "DEADLINE_EXCEEDED" or "REQUEST_LIMIT_EXCEEDED" => ExitCodes.ServerError,
        _ => null,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
