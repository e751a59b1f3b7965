using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlflowScorers.Monitoring.Leases;

/// <summary>
/// The experiment-tag keys where monitors keep their state, all under <c>mlflowscorers.monitor.</c>, and the partition of a
/// trace or session. Keys carry the partition count, so replicas configured with another count never read these.
/// </summary>
internal sealed class MonitorTags
{
    public const string Prefix = "mlflowscorers.monitor.";

    private readonly string _partitionPrefix;

    public MonitorTags(int partitions)
    {
        Partitions = partitions;
        _partitionPrefix = Prefix + "k" + partitions.ToString(CultureInfo.InvariantCulture) + ".";
    }

    public int Partitions { get; }

    public string MemberPrefix => _partitionPrefix + "member.";

    public string Member(string instanceKey) => MemberPrefix + instanceKey;

    public string Lease(int partition) => _partitionPrefix + Number(partition) + ".lease";

    public string TraceCheckpoint(int partition) => _partitionPrefix + Number(partition) + ".checkpoint.trace";

    public string SessionCheckpoint(int partition) => _partitionPrefix + Number(partition) + ".checkpoint.session";

    /// <summary>The partition of a trace or session id: the first four bytes of its SHA-256, modulo the count.</summary>
    public int PartitionOf(string id) => (int)(Hash(id) % (uint)Partitions);

    /// <summary>Rendezvous weight of an instance for a partition: the partition goes to the live instance with the highest.</summary>
    public static uint Weight(string instanceKey, int partition) => Hash(instanceKey + "#" + Number(partition));

    /// <summary>An instance id made safe for a tag key (letters, digits, '-', '_' and '.'; anything else becomes '_').</summary>
    public static string KeyOf(string instanceId)
    {
        var builder = new StringBuilder(instanceId.Length);
        foreach (var c in instanceId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }

    private static string Number(int partition) => partition.ToString(CultureInfo.InvariantCulture);

    private static uint Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }
}
