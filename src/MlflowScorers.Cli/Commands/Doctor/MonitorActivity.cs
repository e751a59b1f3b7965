using System;
using System.Globalization;
using System.Linq;
using MlflowScorers.Monitoring.Checkpoints;
using MlflowScorers.Monitoring.Leases;

namespace MlflowScorers.Cli.Commands.Doctor;

/// <summary>Whether a <c>ScorerMonitor</c> ran recently, read from the state monitors keep in experiment tags: each live
/// replica's membership tag (its heartbeat expiry), each partition lease (its owner's expiry), and each partition's checkpoint
/// (how far traces have been scored), which stays after a clean shutdown.</summary>
/// <param name="LiveInstances">Replicas whose heartbeat has not expired.</param>
/// <param name="LastSeen">The latest heartbeat or lease expiry still in the experiment, or null.</param>
/// <param name="ScoredUpTo">The latest checkpoint: traces up to this time have been scored; null when no monitor ran here.</param>
internal sealed record MonitorActivity(int LiveInstances, DateTimeOffset? LastSeen, DateTimeOffset? ScoredUpTo)
{
    /// <summary>Reads the monitor tags of an experiment.</summary>
    public static MonitorActivity Of(Experiment experiment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var tags = experiment.Tags.Where(t => t.Key.StartsWith(MonitorTags.Prefix, StringComparison.Ordinal)).ToList();
        var members = tags.Where(t => t.Key.Contains(".member.", StringComparison.Ordinal))
            .Select(t => long.TryParse(t.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : (long?)null)
            .OfType<long>().ToList();
        var leases = tags.Where(t => t.Key.EndsWith(".lease", StringComparison.Ordinal))
            .Select(t => PartitionLease.Read(t.Value)?.ExpiresMs).OfType<long>();
        var checkpoints = tags.Where(t => t.Key.Contains(".checkpoint.", StringComparison.Ordinal))
            .Select(t => MonitorCheckpoint.Read(t.Value)?.TimestampMs).OfType<long>().ToList();
        var latest = members.Concat(leases).DefaultIfEmpty(long.MinValue).Max();
        return new MonitorActivity(
            members.Count(ms => ms > now.ToUnixTimeMilliseconds()),
            latest == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(latest),
            checkpoints.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(checkpoints.Max()));
    }

    /// <summary>One line for people.</summary>
    public string Describe(DateTimeOffset now) => (LiveInstances, ScoredUpTo ?? LastSeen) switch
    {
        (> 0, _) => $"running: {LiveInstances} live instance(s){Since(ScoredUpTo, now)}",
        (_, null) => "no monitor has run on this experiment",
        (_, { } seen) => $"none running{Since(seen, now)}",
    };

    private static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t
        ? $"; traces scored up to {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({Math.Max(0, (now - t).TotalMinutes).ToString("0", CultureInfo.InvariantCulture)} min ago)"
        : string.Empty;
}
