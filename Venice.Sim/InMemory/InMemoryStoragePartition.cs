using System.Runtime.InteropServices;
using Venice.Core.Storage;

namespace Venice.Sim.InMemory;

/// <summary>
/// One replica's data in memory. Writes are visible at once; <see cref="Sync"/> makes them
/// durable and a crash (<see cref="InMemoryStorageEngine.Crash"/>) undoes the ones since the last
/// sync. Each key's slot remembers its last synced value, and the keys written since the last
/// sync are listed, so both Sync and a crash cost O(keys written since the last sync).
/// Metadata writes are durable at once.
/// </summary>
public sealed class InMemoryStoragePartition : IStoragePartition
{
    private readonly Dictionary<byte[], KeySlot> _slots = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], KeySlot>.AlternateLookup<ReadOnlySpan<byte>> _slotsBySpan;
    private readonly List<KeySlot> _unsynced = new();
    private readonly SortedDictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);

    internal InMemoryStoragePartition()
    {
        _slotsBySpan = _slots.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public long KeyCount { get; private set; }

    /// <summary>Keys written (put or deleted) since the last sync; a crash now would undo them.</summary>
    public int UnsyncedKeyCount => _unsynced.Count;

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Preemption.Point();
        if (!_slotsBySpan.TryGetValue(key, out KeySlot? slot))
        {
            slot = new KeySlot(key.ToArray());
            _slots.Add(slot.Key, slot);
        }

        if (slot.Current is null)
        {
            KeyCount++;
        }

        // Reuse the value's array when it has the right length and is not the synced copy a
        // crash would restore; otherwise this write needs its own array.
        if (slot.Current is not null && slot.Current.Length == value.Length && !ReferenceEquals(slot.Current, slot.Synced))
        {
            value.CopyTo(slot.Current);
        }
        else
        {
            slot.Current = value.ToArray();
        }

        MarkUnsynced(slot);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        Preemption.Point();
        if (!_slotsBySpan.TryGetValue(key, out KeySlot? slot) || slot.Current is null)
        {
            return;
        }

        // The slot stays as a tombstone until the next sync or crash decides its fate.
        slot.Current = null;
        KeyCount--;
        MarkUnsynced(slot);
    }

    public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        Preemption.Point();
        if (_slotsBySpan.TryGetValue(key, out KeySlot? slot) && slot.Current is not null)
        {
            value = slot.Current;
            return true;
        }

        value = default;
        return false;
    }

    public void Sync()
    {
        Preemption.Point();
        foreach (KeySlot slot in CollectionsMarshal.AsSpan(_unsynced))
        {
            slot.Synced = slot.Current;
            slot.IsUnsynced = false;
            if (slot.Current is null)
            {
                _slots.Remove(slot.Key);
            }
        }

        _unsynced.Clear();
    }

    public void PutMetadata(string key, ReadOnlySpan<byte> value)
    {
        Preemption.Point();
        ArgumentNullException.ThrowIfNull(key);
        _metadata[key] = value.ToArray();
    }

    /// <summary>Returns a copy, so a caller cannot change the stored metadata behind the store's back.</summary>
    public bool TryGetMetadata(string key, out byte[] value)
    {
        Preemption.Point();
        ArgumentNullException.ThrowIfNull(key);
        if (_metadata.TryGetValue(key, out byte[]? stored))
        {
            value = stored.ToArray();
            return true;
        }

        value = [];
        return false;
    }

    /// <summary>Copies of every current pair in ordinal key order.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted()
    {
        var pairs = new List<KeyValuePair<byte[], byte[]>>((int)KeyCount);
        foreach (KeySlot slot in _slots.Values)
        {
            if (slot.Current is not null)
            {
                pairs.Add(new KeyValuePair<byte[], byte[]>(slot.Key.ToArray(), slot.Current.ToArray()));
            }
        }

        // Sorting erases the dictionary's hash order before anyone can see it.
        pairs.Sort(static (a, b) => ByteKeyOrder.Instance.Compare(a.Key, b.Key));
        return pairs;
    }

    /// <summary>The crash: every key written since the last sync goes back to its synced state.</summary>
    internal void LoseUnsyncedWrites()
    {
        foreach (KeySlot slot in CollectionsMarshal.AsSpan(_unsynced))
        {
            if (slot.Current is not null)
            {
                KeyCount--;
            }

            if (slot.Synced is not null)
            {
                KeyCount++;
            }

            slot.Current = slot.Synced;
            slot.IsUnsynced = false;
            if (slot.Current is null)
            {
                _slots.Remove(slot.Key);
            }
        }

        _unsynced.Clear();
    }

    private void MarkUnsynced(KeySlot slot)
    {
        if (!slot.IsUnsynced)
        {
            slot.IsUnsynced = true;
            _unsynced.Add(slot);
        }
    }

    /// <summary>One key: its visible value and its durable value (null means absent).</summary>
    private sealed class KeySlot(byte[] key)
    {
        public byte[] Key { get; } = key;

        public byte[]? Current { get; set; }

        public byte[]? Synced { get; set; }

        public bool IsUnsynced { get; set; }
    }
}
