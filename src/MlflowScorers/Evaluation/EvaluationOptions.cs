using System;

namespace MlflowScorers;

/// <summary>How an evaluation runs: how many rows at once and where progress goes.</summary>
public class EvaluationOptions
{
    private int _maxDegreeOfParallelism = 4;

    /// <summary>How many rows are scored at the same time. Default 4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Receives a report after each row is scored.</summary>
    public IProgress<EvaluationProgress>? Progress { get; set; }
}
