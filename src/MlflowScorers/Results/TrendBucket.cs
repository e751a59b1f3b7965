namespace MlflowScorers;

/// <summary>The width of the time buckets of a quality trend.</summary>
public enum TrendBucket
{
    /// <summary>One bucket per UTC hour.</summary>
    Hour,

    /// <summary>One bucket per UTC day.</summary>
    Day,
}
