using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Checkpoints;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Selection;

namespace MlflowScorers;

public sealed partial class ScorerMonitor
{
    /// <summary>
    /// Reads candidates into batches on one side of a bounded channel and scores them on the other, so reading the next batch
    /// overlaps scoring this one and no queue grows without bound. After each batch, the checkpoints of its partitions move to
    /// its last candidate (a batch is checkpointed only once all its feedback is written). Returns whether every candidate was
    /// processed (not stopped early).
    /// </summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="candidates">The candidates, in (timestamp, id) order.</param>
    /// <param name="checkpoints">The held partitions' checkpoints, moved as batches finish; <see langword="null"/> for a backfill (no checkpoint, every partition).</param>
    /// <param name="checkpointKey">The tag key of a partition's checkpoint.</param>
    /// <param name="lost">Receives the partitions whose lease was lost on the way.</param>
    /// <param name="counts">Where to count.</param>
    /// <param name="afterBatch">Called with the number of candidates of each finished batch.</param>
    /// <param name="stopping">Stops reading; the batch in flight still finishes.</param>
    /// <param name="work">Cancels everything.</param>
    private async Task<bool> RunPipelineAsync(
        string experimentId,
        IAsyncEnumerable<Candidate> candidates,
        Dictionary<int, MonitorCheckpoint>? checkpoints,
        Func<int, string> checkpointKey,
        HashSet<int> lost,
        MonitorCounts counts,
        Action<int>? afterBatch,
        CancellationToken stopping,
        CancellationToken work)
    {
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(_queueCapacity) { SingleReader = true, SingleWriter = true });
        using var producerCancel = CancellationTokenSource.CreateLinkedTokenSource(work);
        var producer = ProduceAsync(candidates, checkpoints, channel.Writer, counts, stopping, producerCancel.Token);
        var finished = true;
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(work).ConfigureAwait(false))
            {
                if (stopping.IsCancellationRequested)
                {
                    finished = false;
                    break;
                }

                var leased = checkpoints is not null;
                lost.UnionWith(await _batches.RunAsync(experimentId, batch.Items, counts, leased ? ConfirmFor(experimentId) : null, work).ConfigureAwait(false));
                if (checkpoints is not null)
                {
                    await MoveCheckpointsAsync(experimentId, checkpoints, batch.Last.Where(p => !lost.Contains(p.Key)), checkpointKey, work).ConfigureAwait(false);
                }

                afterBatch?.Invoke(batch.Count);
            }
        }
        finally
        {
            await producerCancel.CancelAsync().ConfigureAwait(false);
            try
            {
                finished &= await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (producerCancel.IsCancellationRequested)
            {
                finished = false;
            }
        }

        return finished;
    }

    private Func<IEnumerable<int>, CancellationToken, Task<IReadOnlySet<int>>> ConfirmFor(string experimentId) =>
        (partitions, token) => _leases.ConfirmAsync(experimentId, partitions, token);

    private async Task MoveCheckpointsAsync(
        string experimentId, Dictionary<int, MonitorCheckpoint> checkpoints, IEnumerable<KeyValuePair<int, MonitorCheckpoint>> reached,
        Func<int, string> checkpointKey, CancellationToken cancellationToken)
    {
        foreach (var (partition, checkpoint) in reached.ToList())
        {
            var next = MonitorCheckpoint.Max(checkpoints[partition], checkpoint);
            if (next != checkpoints[partition])
            {
                await _backend.SetTagAsync(experimentId, checkpointKey(partition), next.ToJson(), cancellationToken).ConfigureAwait(false);
                checkpoints[partition] = next;
            }
        }
    }

    private async Task<bool> ProduceAsync(
        IAsyncEnumerable<Candidate> candidates,
        Dictionary<int, MonitorCheckpoint>? checkpoints,
        ChannelWriter<Batch> writer,
        MonitorCounts counts,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var batch = new Batch();
            await foreach (var candidate in candidates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (stopping.IsCancellationRequested)
                {
                    writer.Complete();
                    return false;
                }

                if (checkpoints is not null && !checkpoints.ContainsKey(candidate.Partition))
                {
                    continue;
                }

                // Behind the checkpoint, only a late arrival (selected, not yet scored) is work; it does not move the checkpoint.
                if (checkpoints is not null && checkpoints[candidate.Partition].Covers(candidate.TimestampMs, candidate.EntityId))
                {
                    if (candidate is { Item: { } late, Scored: false })
                    {
                        counts.AddSampled();
                        batch.Items.Add(late);
                        batch = await FlushIfFullAsync(writer, batch, ++batch.Count, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                counts.AddSeen();
                _telemetry.Seen(1);
                if (candidate.Item is { } item)
                {
                    counts.AddSampled();
                    _telemetry.Sampled(1);
                    batch.Items.Add(item);
                }

                batch.Last[candidate.Partition] = new MonitorCheckpoint(candidate.TimestampMs, candidate.EntityId);
                batch = await FlushIfFullAsync(writer, batch, ++batch.Count, cancellationToken).ConfigureAwait(false);
            }

            if (batch.Count > 0)
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
            return true;
        }
        catch (Exception exception)
        {
            writer.TryComplete(exception);
            throw;
        }
    }

    private async ValueTask<Batch> FlushIfFullAsync(ChannelWriter<Batch> writer, Batch batch, int count, CancellationToken cancellationToken)
    {
        if (count < _batchSize)
        {
            return batch;
        }

        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        return new Batch();
    }

    /// <summary>A batch: its work, how many candidates it covers, and the last candidate of each partition in it.</summary>
    private sealed class Batch
    {
        public List<WorkItem> Items { get; } = [];

        public Dictionary<int, MonitorCheckpoint> Last { get; } = [];

        public int Count { get; set; }
    }
}
