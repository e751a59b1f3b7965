using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Results;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>
    /// The quality trend of an experiment: for each scorer and each hour or day of the range, the count of feedback, the pass
    /// rate of yes/no values and the mean, min, max and p90 of numeric values. Only valid feedback counts.
    /// </summary>
    /// <param name="request">The experiment, time range, bucket width and scorers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One point per scorer and bucket that has feedback, ordered by scorer then time.</returns>
    /// <exception cref="ArgumentException">The range is empty or reversed.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<IReadOnlyList<QualityTrendPoint>> GetQualityTrendAsync(
        QualityTrendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.End <= request.Start)
        {
            throw new ArgumentException(
                $"The time range {request.Start:O} to {request.End:O} is empty: End must be after Start.", nameof(request));
        }

        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetQualityTrend", request.ExperimentId);
        try
        {
            var filter = string.Create(
                CultureInfo.InvariantCulture,
                $"trace.timestamp_ms >= {request.Start.ToUnixTimeMilliseconds()} AND trace.timestamp_ms < {request.End.ToUnixTimeMilliseconds()}");
            var traces = new List<Trace>();
            var options = new TraceSearchOptions
            {
                ExperimentIds = request.ExperimentId is null ? null : [request.ExperimentId],
                Filter = filter,
                PageSize = MaxTracePageSize,
            };
            await foreach (var trace in SearchTracesAsync(options, cancellationToken).ConfigureAwait(false))
            {
                traces.Add(trace);
            }

            return QualityTrendCalculator.Compute(traces, request);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }
}
