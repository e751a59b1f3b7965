using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// A store may show an exported trace a moment after the export returned (a server ingesting asynchronously): the evaluator
/// asks again for the traces it does not see yet, until <see cref="AppEvaluationOptions.FlushTimeout"/>, and then gives the
/// rows still without a trace <see cref="AppEvaluator.TraceNotFoundErrorCode"/>.
/// </summary>
public sealed class PredictReadBackTests
{
    private static readonly CodeScorer Answered = CodeScorer.FromOutputs("answered", outputs => outputs is not null);

    private static ScorerContext[] Rows { get; } =
    [
        new() { Inputs = new JsonObject { ["question"] = "q1" } },
        new() { Inputs = new JsonObject { ["question"] = "q2" } },
    ];

    [Test]
    public async Task EvaluateAsync_TracesReadableOnlyOnALaterRead_AreScored()
    {
        await using var backend = await PredictBackend.CreateAsync("local");
        using var client = new LateTracesClient(backend, hiddenReads: 2);

        var run = await new AppEvaluator(client, backend.Tracing, backend.Source).EvaluateAsync(Rows, inputs => "answer", [Answered]);

        run.Result.Rows.Should().OnlyContain(r => r.Error == null && r.Feedback.Count == 1);
        client.Reads.Should().Be(3);
    }

    [Test]
    public async Task EvaluateAsync_TraceNeverReadable_GivesTraceNotFoundAfterTheTimeout()
    {
        await using var backend = await PredictBackend.CreateAsync("local");
        using var client = new LateTracesClient(backend, hiddenReads: int.MaxValue);
        var options = new AppEvaluationOptions { FlushTimeout = System.TimeSpan.FromSeconds(1) };

        var run = await new AppEvaluator(client, backend.Tracing, backend.Source).EvaluateAsync(Rows, inputs => "answer", [Answered], options);

        run.Result.Rows.Should().OnlyContain(r => r.Error!.ErrorCode == AppEvaluator.TraceNotFoundErrorCode && r.Feedback.Count == 0);
        run.Result.Rows[0].Error!.ErrorMessage.Should().Contain("1 s after the tracer provider was flushed");
        client.Reads.Should().BeGreaterThan(1);
    }

    /// <summary>The local store's client, whose first <c>hiddenReads</c> trace reads come back empty.</summary>
    private sealed class LateTracesClient(PredictBackend backend, int hiddenReads)
        : MlflowClient(new MlflowClientOptions { TrackingUri = backend.TrackingUri, ExperimentId = backend.ExperimentId, ReadEnvironment = false })
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override async Task<IReadOnlyList<Trace>> GetTracesAsync(IEnumerable<string> traceIds, CancellationToken cancellationToken = default)
        {
            var ids = traceIds.ToList();
            return Interlocked.Increment(ref _reads) <= hiddenReads ? [] : await base.GetTracesAsync(ids, cancellationToken);
        }
    }
}
