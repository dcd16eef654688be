using System.Text;

namespace Venice.Sim.World;

/// <summary>
/// What the replicas of each partition must hold: every acknowledged write, last writer wins per key,
/// in VT order. A hybrid version's VT holds the batch push first and then, after TOPIC_SWITCH, the RT
/// replayed from the rewind start, so the real-time layer wins over the batch layer whatever the wall
/// order of the two producers. Keys are kept as Latin-1 strings (a bijection with bytes) so order is
/// ordinal byte order. A DELETE is kept as a tombstone in its layer, in log order, so a later PUT of
/// the same layer revives the key and a real-time DELETE hides a batch value.
/// The layers are hash maps, written once per acknowledged write (the push job's hot path), and
/// sorted only when a caller asks for key order (<see cref="Expected"/>, <see cref="Deleted"/>,
/// <see cref="BatchKeys"/>); everything that reads them in map order (<see cref="IsHeldExactlyBy"/>,
/// <see cref="BatchKeysMissingFrom"/>, counts) has an answer that does not depend on the order, so no
/// hash order reaches a trace.
/// </summary>
public sealed class ReferenceModel
{
    private readonly Dictionary<string, byte[]?>[] partitions;
    private readonly Dictionary<string, byte[]?>[] realtime;

    public ReferenceModel(int partitionCount)
    {
        partitions = new Dictionary<string, byte[]?>[partitionCount];
        realtime = new Dictionary<string, byte[]?>[partitionCount];
        for (int i = 0; i < partitionCount; i++)
        {
            partitions[i] = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
            realtime[i] = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
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
        foreach (string key in MergedKeys(partition))
        {
            if (Latest(partition, key) is { } value) yield return new(key, value);
        }
    }

    /// <summary>Keys of a partition whose last acknowledged write is a DELETE, in ordinal key order: a replica holding one lost that write.</summary>
    public IEnumerable<string> Deleted(int partition) => MergedKeys(partition).Where(key => Latest(partition, key) is null);

    /// <summary>
    /// Whether <paramref name="storage"/> holds exactly the partition's live keys with their last values:
    /// every live key read back equal and no other key (the storage's key count is the live count). The
    /// end-state checks' common case, answered without sorting either side; the answer does not depend
    /// on the order the maps are walked in.
    /// </summary>
    internal bool IsHeldExactlyBy(int partition, Venice.Core.Storage.IStoragePartition storage)
    {
        long live = 0;
        byte[] buffer = [];
        foreach (var (key, value) in partitions[partition])
        {
            if (value is null || realtime[partition].ContainsKey(key)) continue;
            if (!Holds(storage, key, value, ref buffer)) return false;
            live++;
        }
        foreach (var (key, value) in realtime[partition])
        {
            if (value is null) continue;
            if (!Holds(storage, key, value, ref buffer)) return false;
            live++;
        }
        return storage.KeyCount == live;
    }

    private static bool Holds(Venice.Core.Storage.IStoragePartition storage, string key, byte[] value, ref byte[] buffer)
    {
        if (buffer.Length < key.Length) buffer = new byte[Math.Max(key.Length, 2 * buffer.Length)];
        int length = Encoding.Latin1.GetBytes(key, buffer);
        return storage.TryGet(buffer.AsSpan(0, length), out var held) && held.Span.SequenceEqual(value);
    }

    /// <summary>The key's last acknowledged value, the real-time layer's over the batch layer's; null when absent or deleted.</summary>
    private byte[]? Latest(int partition, string key) =>
        realtime[partition].TryGetValue(key, out var rt) ? rt : partitions[partition].GetValueOrDefault(key);

    /// <summary>Every key either layer wrote (live or deleted), each once, in ordinal key order.</summary>
    private List<string> MergedKeys(int partition)
    {
        var keys = new List<string>(partitions[partition].Count + realtime[partition].Count);
        keys.AddRange(partitions[partition].Keys);
        foreach (string key in realtime[partition].Keys)
        {
            if (!partitions[partition].ContainsKey(key)) keys.Add(key);
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public static string KeyText(byte[] key) => Encoding.Latin1.GetString(key);

    /// <summary>Keys the batch push wrote to a partition (as bytes), in key order.</summary>
    public IEnumerable<byte[]> BatchKeys(int partition) =>
        partitions[partition].Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal)
            .Select(key => Encoding.Latin1.GetBytes(key));

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
