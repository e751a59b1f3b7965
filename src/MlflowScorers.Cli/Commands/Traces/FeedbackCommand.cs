using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Traces;

/// <summary><c>feedback TRACE_ID</c>: the feedback on one trace.</summary>
internal static class FeedbackCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var traceId = new Argument<string>("trace-id") { Description = "The trace id (tr-...)." };
        var command = new Command("feedback", "Show the feedback on one trace.") { traceId };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var id = context.ParseResult.GetRequiredValue(traceId);
            var assessments = await context.Client.ListAssessmentsAsync(id, cancellationToken).ConfigureAwait(false);
            var feedback = assessments.OfType<Feedback>().Select(FeedbackView.Of).ToList();
            context.Output.Result(new FeedbackDocument(id, feedback), Table(feedback));
            return 0;
        });
        return command;
    }

    private static Table Table(IEnumerable<FeedbackView> feedback)
    {
        var table = new Table().AddColumns("name", "value", "source", "error", "rationale", "created (UTC)");
        foreach (var f in feedback)
        {
            table.AddRow(
                CommandOutput.Escape(f.Name),
                CommandOutput.Escape(f.Value?.ToJsonString() ?? "-"),
                CommandOutput.Escape($"{f.SourceType}:{f.SourceId}"),
                CommandOutput.Escape(f.ErrorCode ?? "-"),
                CommandOutput.Escape(f.Rationale ?? "-"),
                f.CreateTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
        }

        return table;
    }
}

/// <summary>The JSON form of one feedback assessment.</summary>
internal sealed record FeedbackView(
    string? AssessmentId,
    string Name,
    JsonNode? Value,
    string? Rationale,
    AssessmentSourceType SourceType,
    string SourceId,
    string? ErrorCode,
    string? ErrorMessage,
    IReadOnlyDictionary<string, string>? Metadata,
    DateTimeOffset? CreateTime)
{
    /// <summary>The view of a feedback.</summary>
    public static FeedbackView Of(Feedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return new(feedback.AssessmentId, feedback.Name, feedback.Value, feedback.Rationale, feedback.Source.SourceType,
            feedback.Source.SourceId, feedback.Error?.ErrorCode, feedback.Error?.ErrorMessage, feedback.Metadata, feedback.CreateTime);
    }
}

/// <summary>The JSON document of <c>feedback</c>.</summary>
/// <param name="TraceId">The trace.</param>
/// <param name="Feedback">Its feedback.</param>
internal sealed record FeedbackDocument(string TraceId, IReadOnlyList<FeedbackView> Feedback);
