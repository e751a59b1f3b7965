using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Assessments;

namespace MlflowScorers.Results;

/// <summary>Summarises the valid feedback on traces into per-scorer, per-bucket counts, pass rates and statistics.</summary>
internal static class QualityTrendCalculator
{
    public static IReadOnlyList<QualityTrendPoint> Compute(IEnumerable<Trace> traces, QualityTrendRequest request)
    {
        var names = request.ScorerNames is { } wanted ? new HashSet<string>(wanted, StringComparer.Ordinal) : null;
        var groups = new SortedDictionary<(string Name, DateTimeOffset Bucket), List<Feedback>>(Comparer<(string, DateTimeOffset)>.Create(
            (a, b) => a.Item1 != b.Item1 ? string.CompareOrdinal(a.Item1, b.Item1) : a.Item2.CompareTo(b.Item2)));
        foreach (var trace in traces)
        {
            if (trace.Info.RequestTime is not { } time || time < request.Start || time >= request.End)
            {
                continue;
            }

            var bucket = BucketStart(time, request.Bucket);
            foreach (var feedback in trace.Info.Assessments.OfType<Feedback>())
            {
                if (!feedback.Valid || (names is not null && !names.Contains(feedback.Name)))
                {
                    continue;
                }

                if (!groups.TryGetValue((feedback.Name, bucket), out var list))
                {
                    groups[(feedback.Name, bucket)] = list = [];
                }

                list.Add(feedback);
            }
        }

        return groups.Select(g => Summarise(g.Key.Name, g.Key.Bucket, g.Value)).ToList();
    }

    public static DateTimeOffset BucketStart(DateTimeOffset time, TrendBucket bucket)
    {
        var utc = time.ToUniversalTime();
        return bucket == TrendBucket.Day
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static QualityTrendPoint Summarise(string name, DateTimeOffset bucket, List<Feedback> feedback)
    {
        var passes = 0;
        var passFail = 0;
        var numbers = new List<double>();
        foreach (var item in feedback.Where(f => f.Error is null))
        {
            switch (Classify(item.Value))
            {
                case (true, var pass, _):
                    passFail++;
                    passes += pass ? 1 : 0;
                    break;
                case (false, _, { } number):
                    numbers.Add(number);
                    break;
            }
        }

        return new QualityTrendPoint
        {
            ScorerName = name,
            BucketStart = bucket,
            Count = feedback.Count,
            ErrorCount = feedback.Count(f => f.Error is not null),
            PassFailCount = passFail,
            PassRate = passFail == 0 ? null : (double)passes / passFail,
            NumericCount = numbers.Count,
            Mean = Aggregation.Mean.Compute(numbers),
            Min = Aggregation.Min.Compute(numbers),
            Max = Aggregation.Max.Compute(numbers),
            P90 = Aggregation.P90.Compute(numbers),
        };
    }

    /// <summary>
    /// A verdict (a boolean, or yes/no) is pass/fail; a number is numeric; anything else, numeric text included, counts only in
    /// <c>Count</c>. The numbers come from <see cref="FeedbackNumbers"/>, the rule the evaluation aggregates with.
    /// </summary>
    internal static (bool IsPassFail, bool Pass, double? Number) Classify(JsonNode? value) =>
        FeedbackNumbers.IsPassFail(value)
            ? (true, FeedbackNumbers.ToNumber(value) == 1.0, null)
            : (false, false, FeedbackNumbers.ToNumber(value));
}
