using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MlflowScorers.Evaluation;
using OpenTelemetry.Trace;

namespace MlflowScorers;

/// <summary>
/// Evaluates the application itself, as Python's <c>mlflow.genai.evaluate(data, predict_fn=..., scorers=...)</c>: an MLflow
/// run is created first; each row's inputs are passed to the application's function under a root span of the application's
/// own <see cref="ActivitySource"/>, so every row leaves a real trace (the application's spans nest under the root) through
/// the same MLflow tracing pipeline production uses, with the run's id as its <c>mlflow.sourceRun</c> metadata (which the
/// monitor skips). The tracer provider is then flushed, the traces are read back from the store and scored as the monitor
/// scores traces (<see cref="EvaluationHarness"/>), the feedback is written on each trace marked with the run's id, and the
/// aggregate metrics are logged to the run. Each row's expectations are written to its trace as Expectation assessments
/// (source HUMAN, on the root span, marked with the run's id), except names the trace already carries; a refused write is
/// logged and counted in <see cref="EvaluationRowResult.ExpectationWriteFailures"/>. The client and the tracer provider must point at the same experiment.
/// </summary>
public sealed class AppEvaluator
{
    /// <summary>The row error code when the application's function threw; the row's trace has status ERROR.</summary>
    public const string PredictErrorCode = "PREDICT_ERROR";

    /// <summary>The row error code when no root span was recorded for the row (for example a sampler dropped it).</summary>
    public const string TraceNotRecordedErrorCode = "TRACE_NOT_RECORDED";

    /// <summary>
    /// The row error code when the row's trace could not be read back from the store after the flush, or was found in another
    /// experiment than the run's (the tracer provider and the client point at different experiments).
    /// </summary>
    public const string TraceNotFoundErrorCode = "TRACE_NOT_FOUND";

    /// <summary>How often the traces a store does not show yet are asked for again after the flush.</summary>
    private static readonly TimeSpan ReadBackInterval = TimeSpan.FromMilliseconds(200);

    private readonly MlflowClient _client;
    private readonly TracerProvider _tracerProvider;
    private readonly ActivitySource _source;
    private readonly EvaluationHarness _harness;
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="client">The client of the backend that holds the experiment: the run, the traces and the feedback go there.</param>
    /// <param name="tracerProvider">The application's tracer provider with MLflow tracing (<c>AddMlflowTracing</c>); flushed after the rows run.</param>
    /// <param name="source">A source the tracer provider listens to (one of <see cref="MlflowTracingOptions.Sources"/>); each row's root span is started on it.</param>
    /// <param name="runner">The scorer runner; give it a <see cref="JudgeRuntime"/> to include judges. Code scorers only when <see langword="null"/>.</param>
    public AppEvaluator(MlflowClient client, TracerProvider tracerProvider, ActivitySource source, ScorerRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tracerProvider);
        ArgumentNullException.ThrowIfNull(source);
        _client = client;
        _tracerProvider = tracerProvider;
        _source = source;
        _harness = new EvaluationHarness(runner ?? new ScorerRunner());
        _logger = client.LoggerFactory.CreateLogger(EvaluationLog.Category);
    }

    /// <summary>
    /// Runs the application's asynchronous function on each row's inputs under tracing and scores the traces it leaves.
    /// A function that throws gives its row an error (<see cref="PredictErrorCode"/>) and a trace with status ERROR; the other
    /// rows go on.
    /// </summary>
    /// <param name="rows">The rows: <see cref="ScorerContext.Inputs"/> are passed to the function (a copy), <see cref="ScorerContext.Expectations"/> reach the scorers; outputs are the function's.</param>
    /// <param name="predict">The application's function: the row's inputs (for example <c>{"question": "..."}</c>) to its output.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">The run's name, parallelism, flush timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation; the run is then ended FAILED.</param>
    /// <returns>The run with one row per input row, in order, and the aggregate metrics over the rows that were scored.</returns>
    /// <exception cref="ArgumentException">A row or a scorer is <see langword="null"/>, or the run or root span name is blank.</exception>
    /// <exception cref="InvalidOperationException">Nothing listens to the source, so no trace could be recorded (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call; the run is ended FAILED when it exists.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRun> EvaluateAsync(
        IReadOnlyList<ScorerContext> rows,
        Func<JsonNode?, CancellationToken, Task<JsonNode?>> predict,
        IReadOnlyList<Scorer> scorers,
        AppEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return EvaluateCoreAsync(rows, (row, token) => predict(row.Inputs?.DeepClone(), token), scorers, options, cancellationToken);
    }

    /// <summary>
    /// Runs the application's synchronous function on each row's inputs under tracing and scores the traces it leaves, as
    /// the asynchronous overload does.
    /// </summary>
    /// <param name="rows">The rows: inputs for the function, expectations for the scorers.</param>
    /// <param name="predict">The application's function: the row's inputs to its output.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">The run's name, parallelism, flush timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation; the run is then ended FAILED.</param>
    /// <returns>The run with one row per input row, in order, and the aggregate metrics over the rows that were scored.</returns>
    /// <exception cref="ArgumentException">A row or a scorer is <see langword="null"/>, or the run or root span name is blank.</exception>
    /// <exception cref="InvalidOperationException">Nothing listens to the source (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call; the run is ended FAILED when it exists.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRun> EvaluateAsync(
        IReadOnlyList<ScorerContext> rows,
        Func<JsonNode?, JsonNode?> predict,
        IReadOnlyList<Scorer> scorers,
        AppEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return EvaluateCoreAsync(rows, (row, _) => Task.FromResult(predict(row.Inputs?.DeepClone())), scorers, options, cancellationToken);
    }

    /// <summary>
    /// Records a dataset whose rows already hold their outputs as traces of the run (a root span with the row's inputs and
    /// outputs, as MLflow does for static data) and scores them, so that the run can be compared with runs of the application
    /// (<see cref="EvaluationRunComparer.CompareEvaluationRunsAsync"/>).
    /// </summary>
    /// <param name="rows">The rows: inputs, outputs and expectations.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">The run's name, parallelism, flush timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation; the run is then ended FAILED.</param>
    /// <returns>The run with one row per input row, in order, and the aggregate metrics.</returns>
    /// <exception cref="ArgumentException">A row or a scorer is <see langword="null"/>, or the run or root span name is blank.</exception>
    /// <exception cref="InvalidOperationException">Nothing listens to the source (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call; the run is ended FAILED when it exists.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<EvaluationRun> EvaluateAsync(
        IReadOnlyList<ScorerContext> rows, IReadOnlyList<Scorer> scorers, AppEvaluationOptions? options = null, CancellationToken cancellationToken = default) =>
        EvaluateCoreAsync(rows, static (row, _) => Task.FromResult(row.Outputs?.DeepClone()), scorers, options, cancellationToken);

    /// <summary>
    /// Scores traces already in the store (no function is called, no trace is recorded) and records the evaluation as a run:
    /// the same as <see cref="EvaluationHarness.EvaluateAsync(IEnumerable{Trace}, IReadOnlyList{Scorer}, EvaluationOptions?, CancellationToken)"/>
    /// then <see cref="EvaluationRunLogger.LogEvaluationRunAsync"/>. The traces keep their metadata, so the monitor still sees them.
    /// </summary>
    /// <param name="traces">The traces, for example from a trace search.</param>
    /// <param name="scorers">The scorers.</param>
    /// <param name="options">The run's name and parallelism; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The run with one row per trace and the aggregate metrics.</returns>
    /// <exception cref="ArgumentException">The run name is blank.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<EvaluationRun> EvaluateAsync(
        IEnumerable<Trace> traces, IReadOnlyList<Scorer> scorers, AppEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(scorers);
        if (options?.RunName is { } runName)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(runName, nameof(options));
        }

        var result = await _harness.EvaluateAsync(traces, scorers, options, cancellationToken).ConfigureAwait(false);
        return await _client.LogEvaluationRunAsync(result, options?.RunName, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<EvaluationRun> EvaluateCoreAsync(
        IReadOnlyList<ScorerContext> rows,
        Func<ScorerContext, CancellationToken, Task<JsonNode?>> predict,
        IReadOnlyList<Scorer> scorers,
        AppEvaluationOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scorers);
        if (rows.Any(r => r is null))
        {
            throw new ArgumentException("Rows must not be null.", nameof(rows));
        }

        if (scorers.Any(s => s is null))
        {
            throw new ArgumentException("Scorers must not be null.", nameof(scorers));
        }

        options ??= new AppEvaluationOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootSpanName, nameof(options));
        if (!_source.HasListeners())
        {
            throw new InvalidOperationException(
                $"Nothing listens to ActivitySource '{_source.Name}', so the rows would leave no traces: add it to MlflowTracingOptions.Sources of the tracer provider.");
        }

        var run = await _client.StartEvaluationRunAsync(options.RunName, cancellationToken: cancellationToken).ConfigureAwait(false);
        EvaluationRunResult result;
        try
        {
            var predicted = await PredictAllAsync(rows, predict, run.RunId, options, cancellationToken).ConfigureAwait(false);
            var flushStarted = options.TimeProvider.GetTimestamp();
            var flushed = await Task.Run(() => _tracerProvider.ForceFlush((int)Math.Min(options.FlushTimeout.TotalMilliseconds, int.MaxValue)), cancellationToken).ConfigureAwait(false);
            var traces = await ReadBackAsync(predicted, flushStarted, options, cancellationToken).ConfigureAwait(false);
            result = await ScoreAsync(rows, predicted, traces, flushed, run, scorers, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await _client.FailEvaluationRunAsync(run, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return await _client.FinishEvaluationRunAsync(run, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PredictedRow[]> PredictAllAsync(
        IReadOnlyList<ScorerContext> rows,
        Func<ScorerContext, CancellationToken, Task<JsonNode?>> predict,
        string runId,
        AppEvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var predicted = new PredictedRow[rows.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), parallel, async (index, token) =>
            predicted[index] = await EvaluationRootSpan.RunAsync(
                _source, options.RootSpanName, runId, rows[index], t => predict(rows[index], t), token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return predicted;
    }

    /// <summary>
    /// The rows' traces as the store holds them; when the store cannot answer, the error every row gets instead. A store may
    /// make an exported trace readable a moment after the export returned (a server ingests asynchronously; a trace whose spans
    /// are not in yet is left out), so the traces still missing are asked for again every <see cref="ReadBackInterval"/> until
    /// <see cref="AppEvaluationOptions.FlushTimeout"/> has passed since the flush began.
    /// </summary>
    private async Task<(Dictionary<string, Trace> Found, AssessmentError? Failure)> ReadBackAsync(
        PredictedRow[] predicted, long flushStarted, AppEvaluationOptions options, CancellationToken cancellationToken)
    {
        var ids = predicted.Select(p => p.TraceId).OfType<string>().ToArray();
        var found = new Dictionary<string, Trace>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var missing = ids.Where(id => !found.ContainsKey(id)).ToArray();
                foreach (var trace in await _client.GetTracesAsync(missing, cancellationToken).ConfigureAwait(false))
                {
                    found[trace.TraceId] = trace;
                }

                if (found.Count >= ids.Length || options.TimeProvider.GetElapsedTime(flushStarted) + ReadBackInterval > options.FlushTimeout)
                {
                    return (found, null);
                }

                await Task.Delay(ReadBackInterval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MlflowApiException exception)
        {
            return ([], new AssessmentError
            {
                ErrorCode = TraceNotFoundErrorCode,
                ErrorMessage = $"Reading the rows' traces back failed with {exception.ErrorCode}: {exception.Message}",
            });
        }
    }

    private async Task<EvaluationRunResult> ScoreAsync(
        IReadOnlyList<ScorerContext> rows,
        PredictedRow[] predicted,
        (Dictionary<string, Trace> Found, AssessmentError? Failure) traces,
        bool flushed,
        StartedEvaluationRun run,
        IReadOnlyList<Scorer> scorers,
        AppEvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var experimentId = run.ExperimentId;
        var contexts = new ScorerContext[rows.Count];
        var errors = new AssessmentError?[rows.Count];
        var recorded = new Trace?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var trace = predicted[i].TraceId is { } id ? traces.Found.GetValueOrDefault(id) : null;
            contexts[i] = trace is null
                ? rows[i] with { TraceId = predicted[i].TraceId }
                : new ScorerContext { Trace = trace, Expectations = rows[i].Expectations }.WithTraceFields();
            errors[i] = predicted[i].Error ?? (trace, predicted[i].TraceId) switch
            {
                (null, { } missing) => traces.Failure ?? new AssessmentError
                {
                    ErrorCode = TraceNotFoundErrorCode,
                    ErrorMessage = $"Trace {missing} was not in the store {options.FlushTimeout.TotalSeconds:0.#} s after the tracer provider was flushed{(flushed ? "" : " (the flush timed out)")}.",
                },
                ({ Info.ExperimentId: { } other }, _) when other != experimentId => new AssessmentError
                {
                    ErrorCode = TraceNotFoundErrorCode,
                    ErrorMessage = $"Trace {trace!.TraceId} is in experiment {other}, the run in {experimentId}: point the tracer provider and the client at the same experiment.",
                },
                _ => null,
            };
            recorded[i] = trace?.Info.ExperimentId is { } at && at != experimentId ? null : trace;
        }

        var expectationFailures = await WriteExpectationsAsync(rows, recorded, run.RunId, options, cancellationToken).ConfigureAwait(false);

        var scorable = Enumerable.Range(0, rows.Count).Where(i => errors[i] is null).ToArray();
        var scored = await _harness.EvaluateAsync(scorable.Select(i => contexts[i]).ToArray(), scorers, options, cancellationToken).ConfigureAwait(false);
        var feedback = scorable.Select((row, n) => (row, scored.Rows[n].Feedback)).ToDictionary(p => p.row, p => p.Feedback);
        return new EvaluationRunResult
        {
            Rows = contexts.Select((context, i) => new EvaluationRowResult
            {
                Index = i,
                Context = context,
                Feedback = feedback.GetValueOrDefault(i) ?? [],
                Error = errors[i],
                ExpectationWriteFailures = expectationFailures[i],
            }).ToArray(),
            Metrics = scored.Metrics,
        };
    }

    /// <summary>Writes each recorded row's expectations to its trace; per row, how many writes the backend refused.</summary>
    private async Task<int[]> WriteExpectationsAsync(
        IReadOnlyList<ScorerContext> rows, Trace?[] recorded, string runId, AppEvaluationOptions options, CancellationToken cancellationToken)
    {
        var failures = new int[rows.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count).Where(i => recorded[i] is not null), parallel, async (i, token) =>
            failures[i] = await EvaluationExpectations.WriteAsync(_client, _logger, i, recorded[i]!, rows[i].Expectations, runId, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return failures;
    }
}
