using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Monitoring.Leases;

/// <summary>
/// Divides an experiment's partitions among live replicas through experiment tags, so no extra infrastructure is needed.
/// Each replica keeps a membership tag alive; every replica computes the same assignment from the live members (rendezvous
/// hashing); a replica takes a partition it is assigned only when its lease is free, expired or its own, renews it while it
/// works, and releases partitions assigned to others. Writes are read back after <see cref="ScorerMonitorOptions.LeaseSettleDelay"/>
/// so replicas starting together see each other. A lease lapses when its holder stops renewing it.
/// </summary>
internal sealed class PartitionLeases
{
    private readonly IMonitorBackend _backend;
    private readonly MonitorTags _tags;
    private readonly string _me;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _settle;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Dictionary<int, long>> _held = new(StringComparer.Ordinal);

    public PartitionLeases(IMonitorBackend backend, MonitorTags tags, string instanceKey, TimeSpan duration, TimeSpan settle, TimeProvider time)
    {
        _backend = backend;
        _tags = tags;
        _me = instanceKey;
        _duration = duration;
        _settle = settle;
        _time = time;
    }

    /// <summary>Renews membership, takes the assigned free partitions, releases the others, and returns those this replica holds.</summary>
    public async Task<IReadOnlySet<int>> AcquireAsync(string experimentId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var now = Now();
        var joining = !_held.ContainsKey(experimentId);
        await _backend.SetTagAsync(experimentId, _tags.Member(_me), Text(now + Millis(_duration)), cancellationToken).ConfigureAwait(false);
        if (joining && _settle > TimeSpan.Zero)
        {
            tags = await SettleAndReadAsync(experimentId, cancellationToken).ConfigureAwait(false);
            now = Now();
        }

        var members = LiveMembers(tags, now);
        await ForgetDeadMembersAsync(experimentId, tags, now, cancellationToken).ConfigureAwait(false);
        var wrote = false;
        for (var p = 0; p < _tags.Partitions; p++)
        {
            var lease = PartitionLease.Read(tags.GetValueOrDefault(_tags.Lease(p)));
            var mine = lease is not null && lease.Owner == _me && lease.ExpiresMs > now;
            if (AssignedTo(members, p) == _me)
            {
                if (lease is null || lease.ExpiresMs <= now || (mine && lease.ExpiresMs - now < Millis(_duration) / 2))
                {
                    await WriteLeaseAsync(experimentId, p, now, cancellationToken).ConfigureAwait(false);
                    wrote = true;
                }
            }
            else if (mine)
            {
                await _backend.DeleteTagAsync(experimentId, _tags.Lease(p), cancellationToken).ConfigureAwait(false);
                wrote = true;
            }
        }

        if (wrote)
        {
            tags = _settle > TimeSpan.Zero
                ? await SettleAndReadAsync(experimentId, cancellationToken).ConfigureAwait(false)
                : (await _backend.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)).Tags;
        }

        return Record(experimentId, tags, Now());
    }

    /// <summary>
    /// Returns which of <paramref name="partitions"/> this replica still holds. While every one of them has at least half its
    /// lease duration left on this replica's clock, no other replica may take it (a lease is only taken once expired), so the
    /// answer needs no read. Otherwise re-reads the leases, renewing those near expiry.
    /// </summary>
    public async Task<IReadOnlySet<int>> ConfirmAsync(string experimentId, IEnumerable<int> partitions, CancellationToken cancellationToken)
    {
        var asked = partitions.ToHashSet();
        if (_held.TryGetValue(experimentId, out var known)
            && asked.All(p => known.TryGetValue(p, out var expires) && expires - Now() >= Millis(_duration) / 2))
        {
            return asked;
        }

        var tags = (await _backend.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)).Tags;
        var now = Now();
        var held = Record(experimentId, tags, now);
        var result = new HashSet<int>();
        foreach (var p in asked.Where(held.Contains))
        {
            if (_held[experimentId][p] - now < Millis(_duration) / 2)
            {
                await WriteLeaseAsync(experimentId, p, now, cancellationToken).ConfigureAwait(false);
                _held[experimentId][p] = now + Millis(_duration);
            }

            result.Add(p);
        }

        return result;
    }

    /// <summary>Hands every partition back and leaves the membership, so other replicas take over at once.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var (experimentId, held) in _held)
        {
            var tags = (await _backend.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)).Tags;
            foreach (var p in held.Keys.Where(p => PartitionLease.Read(tags.GetValueOrDefault(_tags.Lease(p)))?.Owner == _me))
            {
                await _backend.DeleteTagAsync(experimentId, _tags.Lease(p), cancellationToken).ConfigureAwait(false);
            }

            if (tags.ContainsKey(_tags.Member(_me)))
            {
                await _backend.DeleteTagAsync(experimentId, _tags.Member(_me), cancellationToken).ConfigureAwait(false);
            }
        }

        _held.Clear();
    }

    private HashSet<int> Record(string experimentId, IReadOnlyDictionary<string, string> tags, long now)
    {
        var held = new Dictionary<int, long>();
        for (var p = 0; p < _tags.Partitions; p++)
        {
            if (PartitionLease.Read(tags.GetValueOrDefault(_tags.Lease(p))) is { } lease && lease.Owner == _me && lease.ExpiresMs > now)
            {
                held[p] = lease.ExpiresMs;
            }
        }

        _held[experimentId] = held;
        return held.Keys.ToHashSet();
    }

    private List<string> LiveMembers(IReadOnlyDictionary<string, string> tags, long now)
    {
        var members = tags.Where(t => t.Key.StartsWith(_tags.MemberPrefix, StringComparison.Ordinal) && ReadMillis(t.Value) > now)
            .Select(t => t.Key[_tags.MemberPrefix.Length..]).ToList();
        if (!members.Contains(_me))
        {
            members.Add(_me);
        }

        return members;
    }

    private async Task ForgetDeadMembersAsync(string experimentId, IReadOnlyDictionary<string, string> tags, long now, CancellationToken cancellationToken)
    {
        foreach (var dead in tags.Where(t => t.Key.StartsWith(_tags.MemberPrefix, StringComparison.Ordinal)
                     && ReadMillis(t.Value) + Millis(_duration) < now).Select(t => t.Key).ToList())
        {
            await _backend.DeleteTagAsync(experimentId, dead, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string AssignedTo(List<string> members, int partition) =>
        members.OrderByDescending(m => MonitorTags.Weight(m, partition)).ThenBy(m => m, StringComparer.Ordinal).First();

    private Task WriteLeaseAsync(string experimentId, int partition, long now, CancellationToken cancellationToken) =>
        _backend.SetTagAsync(experimentId, _tags.Lease(partition), new PartitionLease(_me, now + Millis(_duration)).ToJson(), cancellationToken);

    private async Task<IReadOnlyDictionary<string, string>> SettleAndReadAsync(string experimentId, CancellationToken cancellationToken)
    {
        await Task.Delay(_settle, _time, cancellationToken).ConfigureAwait(false);
        return (await _backend.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)).Tags;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long ReadMillis(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
}
