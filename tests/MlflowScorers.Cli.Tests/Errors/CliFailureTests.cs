using System.Net;
using MlflowScorers.Cli.Errors;

namespace MlflowScorers.Cli.Tests.Errors;

/// <summary>SDK failures that no loopback server can easily provoke map to their exit codes; trace archival refusals by their
/// reason even when the error code alone would say something else.</summary>
public sealed class CliFailureTests
{
    [Test]
    public void ScorerWriteConflict_IsALostRace_InOneLine()
    {
        var failure = CliFailure.From(new ScorerWriteConflictException("Scorer 'safety' in experiment '7' was overwritten by\nother writers."), cancelled: false);

        failure.ExitCode.Should().Be(ExitCodes.LostRace);
        failure.ErrorCode.Should().Be("WRITE_CONFLICT");
        failure.Message.Should().Be("Scorer 'safety' in experiment '7' was overwritten by other writers.");
    }

    [TestCase(TraceArchivalFailure.ExperimentNotFound, HttpStatusCode.NotFound, ExitCodes.NotFound)]
    [TestCase(TraceArchivalFailure.NotConfigured, HttpStatusCode.NotFound, ExitCodes.NotFound)]
    [TestCase(TraceArchivalFailure.AlreadyConfigured, HttpStatusCode.Conflict, ExitCodes.BadInput)]
    public void TraceArchivalRefusal_MapsByItsReason_NotItsStatus(TraceArchivalFailure reason, HttpStatusCode status, int exitCode)
    {
        var failure = CliFailure.From(new TraceArchivalException(reason, status, MlflowErrorCode.InternalError, "refused"), cancelled: false);

        failure.ExitCode.Should().Be(exitCode);
        failure.ErrorCode.Should().Be("INTERNAL_ERROR", "the server's code is kept while the reason decides the exit code");
    }
}
