namespace MlflowScorers;

/// <summary>Where a scorer stands in its lifecycle. It is derived from the scorer's registration and sample rate only.</summary>
public enum ScorerStatus
{
    /// <summary>Built in code and never registered: no backend knows it.</summary>
    Unregistered,

    /// <summary>Registered, with a sample rate above zero: production traces are being scored.</summary>
    Started,

    /// <summary>Registered, with a sample rate of zero or none: nothing is scored.</summary>
    Stopped,
}
