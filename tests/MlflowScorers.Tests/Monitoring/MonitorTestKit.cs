using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Monitoring;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>Shared pieces of the monitor tests: the scorers, monitor construction and the exactly-once check.</summary>
internal static class MonitorTestKit
{
    public static readonly DateTimeOffset Epoch = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A code scorer: the answer's length.</summary>
    public static CodeScorer Length(string name = "answer_length") =>
        CodeScorer.FromOutputs(name, outputs => outputs?.GetValue<string>().Length ?? 0) with { Implementation = "Tests.AnswerLength" };

    /// <summary>A code scorer: whether the answer mentions "answer".</summary>
    public static CodeScorer Mentions(string name = "mentions_answer") =>
        CodeScorer.FromOutputs(name, outputs => outputs?.GetValue<string>().Contains("answer", StringComparison.Ordinal) ?? false);

    public static FakeTimeProvider Clock() => new(Epoch);

    /// <summary>Options for one replica on a fake clock: no settle wait, no completion buffer, retries without waiting.</summary>
    public static ScorerMonitorOptions Options(MonitorBackend backend, TimeProvider time, string instanceId, params Scorer[] scorers)
    {
        var options = new ScorerMonitorOptions
        {
            TimeProvider = time,
            InstanceId = instanceId,
            LeaseSettleDelay = TimeSpan.Zero,
            CompletionBuffer = TimeSpan.FromSeconds(1),
            WriteRetryDelay = TimeSpan.Zero,
            BatchSize = 50,
        };
        options.ExperimentIds.Add(backend.ExperimentId);
        foreach (var scorer in scorers)
        {
            options.Scorers.Add(scorer);
        }

        return options;
    }

    public static ScorerMonitor Monitor(IMonitorBackend backend, string experimentId, ScorerMonitorOptions options) =>
        new(backend, _ => Task.FromResult(experimentId), options);

    /// <summary>Seeds <paramref name="count"/> traces, 10 ms apart from <paramref name="start"/>.</summary>
    public static Task SeedAsync(MonitorBackend backend, int first, int count, DateTimeOffset start) =>
        backend.AddTracesAsync(Enumerable.Range(first, count).Select(i => new TraceSeed(i, start.AddMilliseconds(10 * (i - first)))));

    /// <summary>The (trace, key) pairs sampling selects for these traces and (name, rate) scorers at version 1.</summary>
    public static HashSet<(string Trace, string Key)> Expected(IEnumerable<int> traces, params (string Name, double Rate)[] scorers) =>
        traces.Select(MonitorBackend.TraceId)
            .SelectMany(id => ScorerSampling.Select(id, scorers.Select(s => KeyValuePair.Create(s.Name, s.Rate))).Select(name => (id, $"{id}:{name}:1")))
            .ToHashSet();

    /// <summary>Asserts exactly one feedback per expected (trace, key) and nothing else.</summary>
    public static async Task ShouldHaveExactlyOnceAsync(MonitorBackend backend, HashSet<(string Trace, string Key)> expected)
    {
        var actual = await backend.MonitorFeedbackAsync();
        actual.Where(p => p.Value > 1).Should().BeEmpty("no (trace, scorer, version) may get two feedback");
        actual.Keys.Should().BeEquivalentTo(expected, "every selected (trace, scorer) gets its feedback and nothing else does");
    }
}

/// <summary>Collects backfill progress as it is reported (no posting to a context), for assertions.</summary>
internal sealed class SynchronousProgress(List<BackfillProgress> sink) : IProgress<BackfillProgress>
{
    public void Report(BackfillProgress value)
    {
        lock (sink)
        {
            sink.Add(value);
        }
    }
}
