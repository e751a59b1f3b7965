namespace MlflowScorers;

/// <summary>
/// A stored scorer whose payload this SDK does not recognise (for example <c>{}</c>, text that is not JSON, or a built-in class
/// it does not know). It is listed with its raw payload so that nothing is hidden; it cannot be run or re-registered.
/// </summary>
public sealed record UnrecognizedScorer : Scorer
{
    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.Unrecognized;

    /// <summary>The stored payload, exactly as the backend returned it.</summary>
    public string? RawPayload { get; init; }

    /// <summary>Why the payload was not recognised.</summary>
    public string? Reason { get; init; }
}
