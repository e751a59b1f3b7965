using System.Text.Json.Nodes;

namespace MlflowScorers.Cli.Tests.Support;

/// <summary>What one in-process run of the tool gave back.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Error">Everything written to standard error.</param>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output parsed as the one JSON document of <c>--json</c>.</summary>
    public JsonNode Json => JsonNode.Parse(Output) ?? throw new AssertionException("standard output is JSON null");
}
