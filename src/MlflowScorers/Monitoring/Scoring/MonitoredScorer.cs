using System.Globalization;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>A started .NET-hosted scorer this process can run: its registration's name, version, rate and filter, and the implementation.</summary>
/// <param name="Name">The registered name (also the feedback name).</param>
/// <param name="Version">The registered version.</param>
/// <param name="SampleRate">The sample rate.</param>
/// <param name="FilterString">The trace filter, or <see langword="null"/>.</param>
/// <param name="Implementation">The scorer that runs, named <paramref name="Name"/>.</param>
internal sealed record MonitoredScorer(string Name, int Version, double SampleRate, string? FilterString, Scorer Implementation)
{
    /// <summary>Whether it scores whole sessions.</summary>
    public bool IsSessionLevel => ScorerRunner.IsSessionLevel(Implementation);

    /// <summary>The idempotency key of its feedback on an entity: <c>{entity}:{name}:{version}</c>, plus <c>#n</c> for the n-th feedback after the first.</summary>
    public string KeyFor(string entityId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{entityId}:{Name}:{Version}") + (index == 0 ? string.Empty : "#" + index.ToString(CultureInfo.InvariantCulture));
}
