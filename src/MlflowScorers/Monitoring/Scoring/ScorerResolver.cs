using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using MlflowScorers.Client;
using MlflowScorers.Monitoring.Telemetry;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>
/// Turns an experiment's .NET-hosted registrations into the scorers this process runs: every registration with a sample
/// rate above zero, matched to what the app supplied. A started scorer that cannot run here is reported once per version
/// (a log warning and a metric), never skipped in silence.
/// </summary>
internal sealed class ScorerResolver
{
    private readonly IReadOnlyList<Scorer> _supplied;
    private readonly bool _hasJudgeRuntime;
    private readonly MonitorTelemetry _telemetry;
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    public ScorerResolver(IReadOnlyList<Scorer> supplied, bool hasJudgeRuntime, MonitorTelemetry telemetry)
    {
        _supplied = supplied;
        _hasJudgeRuntime = hasJudgeRuntime;
        _telemetry = telemetry;
    }

    /// <summary>The started scorers of the experiment this process can run (stopped ones too for a backfill), in registration (name) order.</summary>
    public IReadOnlyList<MonitoredScorer> Resolve(Experiment experiment, bool includeStopped = false)
    {
        var result = new List<MonitoredScorer>();
        foreach (var registration in HostedScorers.FromTags(experiment).Values.Where(r => includeStopped || r.SampleRate > 0))
        {
            var registered = HostedScorers.Materialize(experiment.ExperimentId, registration);
            if (Implement(registered) is { } implementation)
            {
                result.Add(new MonitoredScorer(registration.Name, registration.Version, registration.SampleRate, registration.FilterString, implementation));
            }
            else if (registration.SampleRate > 0 && _reported.TryAdd($"{experiment.ExperimentId}/{registration.Name}/{registration.Version}", 0))
            {
                _telemetry.ScorerNotRunnable(experiment.ExperimentId, registration.Name, registration.Version, Reason(registered));
            }
        }

        return result;
    }

    private Scorer? Implement(Scorer registered)
    {
        var byName = _supplied.FirstOrDefault(s => s.Name == registered.Name);
        switch (registered)
        {
            case CodeScorer code:
                var supplied = byName as CodeScorer
                    ?? (code.Implementation is { } label
                        ? _supplied.OfType<CodeScorer>().FirstOrDefault(s => s.Implementation == label)
                        : null);
                return supplied is { Evaluate: not null } ? supplied with { Name = registered.Name } : null;
            case JudgeScorer when byName is JudgeScorer judge && _hasJudgeRuntime:
                return judge with { Name = registered.Name };
            case JudgeScorer when _hasJudgeRuntime:
                return registered;
            default:
                return byName is CodeScorer { Evaluate: not null } standIn ? standIn with { Name = registered.Name } : null;
        }
    }

    private static string Reason(Scorer registered) => registered switch
    {
        CodeScorer { Implementation: { } label } => $"no code scorer named '{registered.Name}' or implemented by '{label}' was supplied in ScorerMonitorOptions.Scorers",
        CodeScorer => $"no code scorer named '{registered.Name}' was supplied in ScorerMonitorOptions.Scorers",
        JudgeScorer => "judges need ScorerMonitorOptions.JudgeRuntime",
        _ => $"a {registered.Kind} scorer cannot run in .NET",
    };
}
