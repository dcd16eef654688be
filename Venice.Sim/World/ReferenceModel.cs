using System.Text;

namespace Venice.Sim.World;

/// <summary>
/// What the replicas of each partition must hold: every acknowledged write, last writer wins per key,
/// in VT order. A hybrid version's VT holds the batch push first and then, after TOPIC_SWITCH, the RT
/// replayed from the rewind start, so the real-time layer wins over the batch layer whatever the wall
/// order of the two producers. Keys are kept as Latin-1 strings (a bijection with bytes) so order is
/// ordinal byte order. A DELETE is kept as a tombstone in its layer, in log order, so a later PUT of
/// the same layer revives the key and a real-time DELETE hides a batch value.
/// </summary>
public sealed class ReferenceModel
{
    private readonly SortedDictionary<string, byte[]?>[] partitions;
    private readonly SortedDictionary<string, byte[]?>[] realtime;

    public ReferenceModel(int partitionCount)
    {
        partitions = new SortedDictionary<string, byte[]?>[partitionCount];
        realtime = new SortedDictionary<string, byte[]?>[partitionCount];
        for (int i = 0; i < partitionCount; i++)
        {
            partitions[i] = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
            realtime[i] = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        }
    }

    /// <summary>A real-time write the RT acknowledged (applies after every batch write).</summary>
    public void RecordRealtimePut(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        realtime[partition][Encoding.Latin1.GetString(key)] = value.ToArray();
        AcknowledgedWrites++;
    }

    /// <summary>A real-time DELETE the RT acknowledged: the key is gone whatever the batch layer holds, until a later real-time PUT.</summary>
    public void RecordRealtimeDelete(int partition, ReadOnlySpan<byte> key)
    {
        realtime[partition][Encoding.Latin1.GetString(key)] = null;
        AcknowledgedWrites++;
    }

    /// <summary>
    /// A real-time partial update the RT acknowledged: applied, as the leader applies it, to the key's
    /// latest value (its real-time value if it has one, else its batch value; empty when absent or
    /// deleted), with Core's own <see cref="Venice.Core.Messages.PartialUpdate.Apply"/>.
    /// </summary>
    public void RecordRealtimeUpdate(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        string text = Encoding.Latin1.GetString(key);
        byte[]? current = realtime[partition].TryGetValue(text, out var rt) ? rt
            : partitions[partition].TryGetValue(text, out var batch) ? batch : null;
        realtime[partition][text] = Venice.Core.Messages.PartialUpdate.Apply(current ?? [], payload);
        AcknowledgedWrites++;
    }

    /// <summary>
    /// Takes the real-time layer of <paramref name="history"/> (every real-time write so far): a new version's
    /// leaders replay the RT from the rewind start after TOPIC_SWITCH, so its replicas must hold them too.
    /// </summary>
    internal void CopyRealtimeLayerFrom(ReferenceModel history)
    {
        for (int i = 0; i < realtime.Length; i++)
        {
            foreach (var (key, value) in history.realtime[i]) realtime[i][key] = value;
        }
    }

    public int PartitionCount => partitions.Length;

    public long AcknowledgedWrites { get; private set; }

    public void RecordPut(int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var batch = partitions[partition];
        string text = Encoding.Latin1.GetString(key);
        // A push writes each key many times (scale-10m: 9 M records over 1 M keys). A new array per
        // write outlives a few collections before the next write of its key replaces it, so the
        // replaced arrays pile up in generation 2 as garbage; a value of the same length is copied
        // over the current one instead. Safe because the batch layer's arrays are never shared (only
        // the realtime layer is copied between models) and no reader keeps one past its call.
        if (batch.TryGetValue(text, out byte[]? current) && current is not null && current.Length == value.Length) value.CopyTo(current);
        else batch[text] = value.ToArray();
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
        foreach (var (key, value) in Merged(partition))
        {
            if (value is not null) yield return new(key, value);
        }
    }

    /// <summary>Keys of a partition whose last acknowledged write is a DELETE, in ordinal key order: a replica holding one lost that write.</summary>
    public IEnumerable<string> Deleted(int partition) => Merged(partition).Where(kv => kv.Value is null).Select(kv => kv.Key);

    private SortedDictionary<string, byte[]?> Merged(int partition)
    {
        var merged = new SortedDictionary<string, byte[]?>(partitions[partition], StringComparer.Ordinal);
        foreach (var (key, value) in realtime[partition]) merged[key] = value;
        return merged;
    }

    public static string KeyText(byte[] key) => Encoding.Latin1.GetString(key);

    /// <summary>Keys the batch push wrote to a partition (as bytes), in key order.</summary>
    public IEnumerable<byte[]> BatchKeys(int partition) =>
        partitions[partition].Where(kv => kv.Value is not null).Select(kv => Encoding.Latin1.GetBytes(kv.Key));

    /// <summary>
    /// How many keys the batch push wrote to a partition that <paramref name="storage"/> does not hold (all
    /// of them when it is null): <see cref="BatchKeys"/> asked one by one, without a key array per key.
    /// </summary>
    internal int BatchKeysMissingFrom(int partition, Venice.Core.Storage.IStoragePartition? storage)
    {
        if (storage is null) return BatchKeyCount(partition);
        int missing = 0;
        byte[] buffer = [];
        foreach (var (key, value) in partitions[partition])
        {
            if (value is null) continue;
            if (buffer.Length < key.Length) buffer = new byte[Math.Max(key.Length, 2 * buffer.Length)];
            int length = Encoding.Latin1.GetBytes(key, buffer);
            if (!storage.TryGet(buffer.AsSpan(0, length), out _)) missing++;
        }
        return missing;
    }

    public int BatchKeyCount(int partition) => partitions[partition].Count(kv => kv.Value is not null);
}
