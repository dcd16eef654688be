using System.Text;

namespace Venice.Sim.World;

/// <summary>
/// What the replicas of each partition must hold: every acknowledged write, last writer wins per key,
/// in log order. Keys are kept as Latin-1 strings (a bijection with bytes) so order is ordinal byte order.
/// </summary>
public sealed class ReferenceModel
{
    private readonly SortedDictionary<string, byte[]?>[] partitions;

    public ReferenceModel(int partitionCount)
    {
        partitions = new SortedDictionary<string, byte[]?>[partitionCount];
        for (int i = 0; i < partitionCount; i++) partitions[i] = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
    }

    public int PartitionCount => partitions.Length;

    public long AcknowledgedWrites { get; private set; }

    public void RecordPut(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        partitions[partition][Encoding.Latin1.GetString(key)] = value.ToArray();
        AcknowledgedWrites++;
    }

    public void RecordDelete(int partition, ReadOnlySpan<byte> key)
    {
        partitions[partition][Encoding.Latin1.GetString(key)] = null;
        AcknowledgedWrites++;
    }

    /// <summary>Live keys of a partition with their last value, in ordinal key order (deleted keys absent).</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> Expected(int partition)
    {
        foreach (var (key, value) in partitions[partition])
        {
            if (value is not null) yield return new(key, value);
        }
    }

    public static string KeyText(byte[] key) => Encoding.Latin1.GetString(key);
}
