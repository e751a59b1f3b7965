using System;
using System.Collections.Generic;
using System.Globalization;
using MlflowScorers.Cli.Output;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary>The JSON form of one scorer (stable field names).</summary>
internal sealed record ScorerView(
    string Name,
    int? Version,
    ScorerKind Kind,
    ScorerHost Host,
    ScorerStatus Status,
    double? SampleRate,
    string? FilterString,
    string? Model,
    string? ExperimentId,
    DateTimeOffset? CreationTime)
{
    /// <summary>The view of a scorer.</summary>
    public static ScorerView Of(Scorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return new(
            scorer.Name,
            scorer.Version,
            scorer.Kind,
            scorer.Host,
            scorer.Status,
            scorer.SampleRate,
            scorer.FilterString,
            (scorer as JudgeScorer)?.Model,
            scorer.ExperimentId,
            scorer.CreationTime);
    }

    /// <summary>A table of scorers for people.</summary>
    public static Table Table(IEnumerable<ScorerView> scorers)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        var table = new Table().AddColumns("name", "version", "kind", "runs on", "status", "sample rate", "filter", "model");
        foreach (var s in scorers)
        {
            table.AddRow(
                CommandOutput.Escape(s.Name),
                s.Version?.ToString(CultureInfo.InvariantCulture) ?? "-",
                s.Kind.ToString(),
                s.Host.ToString(),
                s.Status.ToString(),
                s.SampleRate?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-",
                CommandOutput.Escape(s.FilterString ?? "-"),
                CommandOutput.Escape(s.Model ?? "-"));
        }

        return table;
    }
}

/// <summary>The JSON document of a command that returns scorers.</summary>
/// <param name="Scorers">The scorers.</param>
internal sealed record ScorerListDocument(IReadOnlyList<ScorerView> Scorers);

/// <summary>The JSON document of a command that returns one scorer.</summary>
/// <param name="Scorer">The scorer.</param>
internal sealed record ScorerDocument(ScorerView Scorer);
