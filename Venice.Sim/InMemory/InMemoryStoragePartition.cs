using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Venice.Core.Storage;

namespace Venice.Sim.InMemory;

/// <summary>
/// One replica's data in memory. Writes are visible at once; <see cref="Sync"/> makes them
/// durable and a crash (<see cref="InMemoryStorageEngine.Crash"/>) undoes the ones since the last
/// sync. Each key's entry remembers its last synced value, and the keys written since the last
/// sync are listed, so both Sync and a crash cost O(keys written since the last sync).
/// Metadata writes are durable at once.
/// <para>
/// Layout, so that a write allocates nothing per record: key and value bytes are appended to an
/// arena of byte pages, the entries are structs in one array, and a hash table of entry indices
/// finds a key. Only amortised growth (a new page, a doubled entry array) allocates. Overwritten
/// and deleted bytes stay in the arena as garbage until a compaction copies the live bytes into
/// fresh pages, which happens once garbage outweighs live data, so memory stays within about twice
/// the live data. The hash order never leaves the class: <see cref="SnapshotSorted"/> sorts.
/// </para>
/// <para>
/// <see cref="TryGet"/> returns memory inside the arena, without a copy. It stays valid until the
/// next write to this partition (Put, Delete, Sync, a crash): a write may overwrite an unsynced
/// value in place or compact the arena, so a caller that needs the bytes longer copies them.
/// </para>
/// </summary>
public sealed class InMemoryStoragePartition : IStoragePartition
{
    /// <summary>Marks an absent value (a deleted or never-synced key) in an entry.</summary>
    private const int Absent = -1;

    /// <summary>The first page is small, so the many small partitions of a large world waste little.</summary>
    private const int FirstPageBytes = 4 * 1024;

    /// <summary>Pages double up to this size; a larger record gets a page of its own size.</summary>
    private const int MaxPageBytes = 1024 * 1024;

    /// <summary>Compaction waits for at least this much garbage, so small partitions never churn.</summary>
    private const long MinGarbageToCompact = 64 * 1024;

    private readonly List<byte[]> _pages = new();
    private int _pageUsed;
    private long _arenaBytes;
    private long _garbageBytes;
    private int _nextPageBytes;

    private Entry[] _entries;
    private int _entryCount;
    private int _freeEntry = -1;
    private int[] _buckets;

    private readonly List<int> _unsynced;
    private readonly SortedDictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);

    internal InMemoryStoragePartition(int initialKeys = 0, long initialBytes = 0)
    {
        int keys = Math.Max(initialKeys, 8);
        _entries = new Entry[keys];
        _buckets = new int[BucketCountFor(keys)];
        _unsynced = new List<int>(keys);
        _nextPageBytes = (int)Math.Clamp(initialBytes, FirstPageBytes, Array.MaxLength);
        if (initialBytes > 0) AddPage(_nextPageBytes);
    }

    public long KeyCount { get; private set; }

    /// <summary>Keys written (put or deleted) since the last sync; a crash now would undo them.</summary>
    public int UnsyncedKeyCount => _unsynced.Count;

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int hash = Hash(key);
        int index = Find(key, hash);
        if (index < 0)
        {
            // A new key: key and value land side by side in the arena (an empty value still gets a
            // byte of its own, so that no two values ever share a location; see Append).
            long at = Append(key.Length + Math.Max(value.Length, 1), out Span<byte> target);
            key.CopyTo(target);
            value.CopyTo(target[key.Length..]);
            index = NewEntry(hash, at, key.Length);
            ref Entry created = ref _entries[index];
            created.Current = at + key.Length;
            created.CurrentLength = value.Length;
            created.CurrentCapacity = value.Length;
            KeyCount++;
            MarkUnsynced(ref created, index);
            return;
        }

        ref Entry entry = ref _entries[index];
        if (entry.CurrentLength == Absent)
        {
            KeyCount++;
        }
        else if (!entry.CurrentIsSynced && value.Length <= entry.CurrentCapacity)
        {
            // An unsynced value no crash would restore: overwrite it where it is.
            value.CopyTo(Bytes(entry.Current, value.Length));
            entry.CurrentLength = value.Length;
            MarkUnsynced(ref entry, index);
            return;
        }

        // The old visible value becomes garbage unless it is the synced copy a crash would restore.
        int released = entry.CurrentLength != Absent && !entry.CurrentIsSynced ? entry.CurrentCapacity : 0;

        // Append may compact, which moves entries' bytes (the old value too) but not the entries.
        long location = Append(value.Length, out Span<byte> valueTarget);
        value.CopyTo(valueTarget);
        _garbageBytes += released;
        entry = ref _entries[index];
        entry.Current = location;
        entry.CurrentLength = value.Length;
        entry.CurrentCapacity = value.Length;
        MarkUnsynced(ref entry, index);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        int index = Find(key, Hash(key));
        if (index < 0 || _entries[index].CurrentLength == Absent)
        {
            return;
        }

        // The entry stays as a tombstone until the next sync or crash decides its fate.
        ref Entry entry = ref _entries[index];
        if (!entry.CurrentIsSynced) _garbageBytes += entry.CurrentCapacity;
        entry.CurrentLength = Absent;
        KeyCount--;
        MarkUnsynced(ref entry, index);
    }

    /// <summary>
    /// Reads the current value. The memory points into the arena and is valid until the next write
    /// to this partition (Put, Delete, Sync or a crash), as <see cref="IStoragePartition.TryGet"/> allows.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        int index = Find(key, Hash(key));
        if (index >= 0 && _entries[index].CurrentLength != Absent)
        {
            ref Entry entry = ref _entries[index];
            value = new ReadOnlyMemory<byte>(_pages[Page(entry.Current)], Offset(entry.Current), entry.CurrentLength);
            return true;
        }

        value = default;
        return false;
    }

    public void Sync()
    {
        foreach (int index in CollectionsMarshal.AsSpan(_unsynced))
        {
            ref Entry entry = ref _entries[index];
            if (entry.SyncedLength != Absent && !entry.CurrentIsSynced) _garbageBytes += entry.SyncedCapacity;
            entry.Synced = entry.Current;
            entry.SyncedLength = entry.CurrentLength;
            entry.SyncedCapacity = entry.CurrentCapacity;
            entry.IsUnsynced = false;
            if (entry.CurrentLength == Absent) RemoveEntry(index);
        }

        _unsynced.Clear();
    }

    public void PutMetadata(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _metadata[key] = value.ToArray();
    }

    /// <summary>Returns a copy, so a caller cannot change the stored metadata behind the store's back.</summary>
    public bool TryGetMetadata(string key, out byte[] value)
    {
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
        for (int i = 0; i < _entryCount; i++)
        {
            ref Entry entry = ref _entries[i];
            if (entry.InUse && entry.CurrentLength != Absent)
            {
                pairs.Add(new KeyValuePair<byte[], byte[]>(Bytes(entry.Key, entry.KeyLength).ToArray(), Bytes(entry.Current, entry.CurrentLength).ToArray()));
            }
        }

        // Sorting erases the entry order (insertion and reuse order) before anyone can see it.
        pairs.Sort(static (a, b) => ByteKeyOrder.Instance.Compare(a.Key, b.Key));
        return pairs;
    }

    /// <summary>The crash: every key written since the last sync goes back to its synced state.</summary>
    internal void LoseUnsyncedWrites()
    {
        foreach (int index in CollectionsMarshal.AsSpan(_unsynced))
        {
            ref Entry entry = ref _entries[index];
            if (entry.CurrentLength != Absent)
            {
                KeyCount--;
                if (!entry.CurrentIsSynced) _garbageBytes += entry.CurrentCapacity;
            }

            if (entry.SyncedLength != Absent)
            {
                KeyCount++;
            }

            entry.Current = entry.Synced;
            entry.CurrentLength = entry.SyncedLength;
            entry.CurrentCapacity = entry.SyncedCapacity;
            entry.IsUnsynced = false;
            if (entry.CurrentLength == Absent) RemoveEntry(index);
        }

        _unsynced.Clear();
    }

    private void MarkUnsynced(ref Entry entry, int index)
    {
        if (!entry.IsUnsynced)
        {
            entry.IsUnsynced = true;
            _unsynced.Add(index);
        }
    }

    // ---- the hash index ---------------------------------------------------------------------------

    /// <summary>A stable hash (not HashCode's per-process seed), so a run's memory layout repeats too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> key) => (int)XxHash3.HashToUInt64(key);

    private static int BucketCountFor(int entries) => (int)Math.Min(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(entries, 8) * 2), 1 << 30);

    private int Find(ReadOnlySpan<byte> key, int hash)
    {
        int index = _buckets[hash & (_buckets.Length - 1)] - 1;
        while (index >= 0)
        {
            ref Entry entry = ref _entries[index];
            if (entry.Hash == hash && entry.KeyLength == key.Length && Bytes(entry.Key, entry.KeyLength).SequenceEqual(key))
            {
                return index;
            }

            index = entry.Next;
        }

        return -1;
    }

    private int NewEntry(int hash, long key, int keyLength)
    {
        int index;
        if (_freeEntry >= 0)
        {
            index = _freeEntry;
            _freeEntry = _entries[index].Next;
        }
        else
        {
            if (_entryCount == _entries.Length) Grow();
            index = _entryCount++;
        }

        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[index] = new Entry
        {
            InUse = true,
            Hash = hash,
            Key = key,
            KeyLength = keyLength,
            Next = bucket - 1,
            Synced = 0,
            SyncedLength = Absent,
            CurrentLength = Absent,
        };
        bucket = index + 1;
        return index;
    }

    private void RemoveEntry(int index)
    {
        ref Entry entry = ref _entries[index];
        ref int bucket = ref _buckets[entry.Hash & (_buckets.Length - 1)];
        int previous = -1;
        for (int at = bucket - 1; at != index; at = _entries[at].Next)
        {
            previous = at;
        }

        if (previous < 0) bucket = entry.Next + 1;
        else _entries[previous].Next = entry.Next;
        _garbageBytes += entry.KeyLength;
        entry = new Entry { Next = _freeEntry };
        _freeEntry = index;
    }

    private void Grow()
    {
        int size = checked(_entries.Length * 2);
        Array.Resize(ref _entries, size);
        _buckets = new int[BucketCountFor(size)];
        for (int i = 0; i < _entryCount; i++)
        {
            ref Entry entry = ref _entries[i];
            if (!entry.InUse) continue;
            ref int bucket = ref _buckets[entry.Hash & (_buckets.Length - 1)];
            entry.Next = bucket - 1;
            bucket = i + 1;
        }
    }

    // ---- the arena --------------------------------------------------------------------------------

    // A location is page index (high 32 bits) and offset in the page (low 32 bits).
    private static int Page(long location) => (int)(location >> 32);

    private static int Offset(long location) => (int)location;

    private Span<byte> Bytes(long location, int length) => _pages[Page(location)].AsSpan(Offset(location), length);

    /// <summary>
    /// Reserves <paramref name="length"/> contiguous bytes (at least one) and returns their location.
    /// An empty value still takes a byte: "is the visible value the synced copy" is decided by comparing
    /// locations, so two values may never share one (two empty ones would, without the byte).
    /// </summary>
    private long Append(int length, out Span<byte> target)
    {
        int reserved = Math.Max(length, 1);
        if (_garbageBytes >= MinGarbageToCompact && _garbageBytes > _arenaBytes - _garbageBytes) Compact();
        if (_pages.Count == 0 || _pages[^1].Length - _pageUsed < reserved)
        {
            AddPage(Math.Max(reserved, _nextPageBytes));
        }

        long location = ((long)(_pages.Count - 1) << 32) | (uint)_pageUsed;
        target = _pages[^1].AsSpan(_pageUsed, length);
        _pageUsed += reserved;
        _arenaBytes += reserved;
        return location;
    }

    private void AddPage(int bytes)
    {
        // The unused tail of the page being closed counts as garbage, so compaction sees all waste.
        if (_pages.Count > 0) _garbageBytes += _pages[^1].Length - _pageUsed;
        if (_pages.Count > 0) _arenaBytes += _pages[^1].Length - _pageUsed;
        _pages.Add(new byte[bytes]);
        _pageUsed = 0;
        _nextPageBytes = (int)Math.Min(Math.Max((long)_nextPageBytes * 2, FirstPageBytes), MaxPageBytes);
    }

    /// <summary>Copies every live key and value (current and, if different, synced) into fresh pages.</summary>
    private void Compact()
    {
        byte[][] old = _pages.ToArray();
        long live = _arenaBytes - _garbageBytes;
        _pages.Clear();
        _pageUsed = 0;
        _arenaBytes = 0;
        _garbageBytes = 0;
        _nextPageBytes = (int)Math.Clamp(live, FirstPageBytes, MaxPageBytes);
        for (int i = 0; i < _entryCount; i++)
        {
            ref Entry entry = ref _entries[i];
            if (!entry.InUse) continue;
            entry.Key = Move(old, entry.Key, entry.KeyLength);
            bool same = entry.CurrentIsSynced;
            if (entry.CurrentLength != Absent) entry.Current = Move(old, entry.Current, entry.CurrentCapacity);
            if (entry.SyncedLength != Absent) entry.Synced = same ? entry.Current : Move(old, entry.Synced, entry.SyncedCapacity);
        }
    }

    private long Move(byte[][] old, long location, int length)
    {
        // Called only from Compact, which has just reset the garbage count, so Append never re-enters it.
        long moved = Append(length, out Span<byte> target);
        old[Page(location)].AsSpan(Offset(location), length).CopyTo(target);
        return moved;
    }

    /// <summary>One key: its location, its visible value and its durable value (length -1 means absent).</summary>
    private struct Entry
    {
        public long Key;
        public long Current;
        public long Synced;
        public int KeyLength;
        public int CurrentLength;
        public int CurrentCapacity;
        public int SyncedLength;
        public int SyncedCapacity;
        public int Hash;

        /// <summary>Next entry in the bucket's chain (or in the free list), -1 at the end.</summary>
        public int Next;

        public bool InUse;
        public bool IsUnsynced;

        /// <summary>True when the visible value is the durable copy itself (a crash would keep these bytes).</summary>
        public readonly bool CurrentIsSynced => CurrentLength != Absent && SyncedLength != Absent && Current == Synced;
    }
}
