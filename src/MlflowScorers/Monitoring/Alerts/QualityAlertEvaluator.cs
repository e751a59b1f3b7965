using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Telemetry;
using MlflowScorers.Results;

namespace MlflowScorers.Monitoring.Alerts;

/// <summary>
/// Keeps each watched scorer's recent results per experiment and evaluates the rules after every batch, raising an alert
/// (callback, log warning, metric) when a rule starts firing and a resolution when it stops.
/// </summary>
internal sealed class QualityAlertEvaluator
{
    private readonly IReadOnlyList<QualityAlertRule> _rules;
    private readonly Func<QualityAlert, CancellationToken, ValueTask>? _callback;
    private readonly MonitorTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Experiment, string Scorer), Queue<(DateTimeOffset At, bool? Pass, double? Number)>> _results = [];
    private readonly HashSet<(string Experiment, string Rule)> _firing = [];
    private readonly Lock _gate = new();

    public QualityAlertEvaluator(
        IReadOnlyList<QualityAlertRule> rules, Func<QualityAlert, CancellationToken, ValueTask>? callback, MonitorTelemetry telemetry, TimeProvider time)
    {
        _rules = rules;
        _callback = callback;
        _telemetry = telemetry;
        _time = time;
    }

    public bool Watches(string scorer) => _rules.Any(r => r.ScorerName == scorer);

    /// <summary>Records a written feedback of a watched scorer.</summary>
    public void Record(string experimentId, string scorer, Feedback feedback)
    {
        if (feedback.Error is not null || !Watches(scorer))
        {
            return;
        }

        var (isPassFail, pass, number) = QualityTrendCalculator.Classify(feedback.Value);
        lock (_gate)
        {
            if (!_results.TryGetValue((experimentId, scorer), out var queue))
            {
                _results[(experimentId, scorer)] = queue = new Queue<(DateTimeOffset, bool?, double?)>();
            }

            queue.Enqueue((_time.GetUtcNow(), isPassFail ? pass : null, number));
        }
    }

    /// <summary>Evaluates every rule of the experiment and raises the changes.</summary>
    public async Task EvaluateAsync(string experimentId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var changes = new List<QualityAlert>();
        lock (_gate)
        {
            var longest = _rules.Count == 0 ? TimeSpan.Zero : _rules.Max(r => r.Window);
            foreach (var rule in _rules)
            {
                if (!_results.TryGetValue((experimentId, rule.ScorerName), out var queue))
                {
                    continue;
                }

                while (queue.Count > 0 && queue.Peek().At < now - longest)
                {
                    queue.Dequeue();
                }

                var window = queue.Where(r => r.At >= now - rule.Window).ToList();
                var values = rule.Condition == QualityAlertCondition.PassRateBelow
                    ? window.Where(r => r.Pass is not null).Select(r => r.Pass!.Value ? 1.0 : 0.0).ToList()
                    : window.Where(r => r.Number is not null).Select(r => r.Number!.Value).ToList();
                if (values.Count < rule.MinimumCount)
                {
                    continue;
                }

                var observed = values.Average();
                var breached = rule.Condition == QualityAlertCondition.MeanAbove ? observed > rule.Threshold : observed < rule.Threshold;
                var wasFiring = _firing.Contains((experimentId, rule.Name));
                if (breached != wasFiring)
                {
                    if (breached)
                    {
                        _firing.Add((experimentId, rule.Name));
                    }
                    else
                    {
                        _firing.Remove((experimentId, rule.Name));
                    }

                    changes.Add(new QualityAlert { Rule = rule, IsFiring = breached, Observed = observed, Count = values.Count, ExperimentId = experimentId, Time = now });
                }
            }
        }

        foreach (var alert in changes)
        {
            await RaiseAsync(alert, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RaiseAsync(QualityAlert alert, CancellationToken cancellationToken)
    {
        if (alert.IsFiring)
        {
            _telemetry.Alert(alert.Rule.ScorerName);
            MonitorLog.AlertFired(_telemetry.Logger, alert.Rule.Name, alert.Rule.ScorerName, alert.Observed, alert.Count,
                $"{alert.Rule.Condition} {alert.Rule.Threshold} over {alert.Rule.Window}");
        }
        else
        {
            MonitorLog.AlertResolved(_telemetry.Logger, alert.Rule.Name, alert.Rule.ScorerName, alert.Observed, alert.Count);
        }

        if (_callback is null)
        {
            return;
        }

        try
        {
            await _callback(alert, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The app's callback must not stop the monitor; its failure is logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            MonitorLog.AlertCallbackFailed(_telemetry.Logger, alert.Rule.Name, exception);
        }
    }
}
