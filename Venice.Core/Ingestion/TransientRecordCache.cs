using System.IO.Hashing;

namespace Venice.Core.Ingestion;

/// <summary>
/// A leader's values that are produced but not yet persisted (Venice's transient record map in
/// PartitionConsumptionState). A leader applying an UPDATE must start from the key's latest value, and
/// the latest value of a key it wrote a moment ago is still on its way to storage: it is produced to
/// the VT and queued for the drainer, which persists it later. Reading storage alone would compute the
/// second of two quick updates from the value before the first, and lose the first (a real Venice bug
/// class; docs/write-path.md, "UPDATE"). So every leader write goes here, and an update reads here first.
/// </summary>
/// <remarks>
/// An entry is dropped when the drainer persists the record that wrote it, identified as Venice does by
/// the upstream (RT) offset it was consumed from: a later write to the same key has a later offset and
/// keeps its entry. Every RT record a leader replays passes through here, so the cache allocates nothing
/// per record: keys are looked up by span, and the key and value arrays of dropped entries are reused
/// for later ones of the same length (the pool only grows, by as many arrays as were ever in flight at
/// once). The table is a hash table that is never enumerated, so its hash order never shows. The cache
/// lives with a leadership: it is cleared on promotion and demotion.
/// </remarks>
internal sealed class TransientRecordCache
{
    private readonly Dictionary<byte[], Entry> entries = new(KeyBytes.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> bySpan;
    private readonly Dictionary<int, Stack<byte[]>> spareArrays = new();

    public TransientRecordCache() => bySpan = entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Keys with a write in flight.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The leader produced <paramref name="value"/> for <paramref name="key"/> (a delete when
    /// <paramref name="deleted"/>) from the upstream record at <paramref name="upstreamOffset"/>. The cache
    /// keeps its own copies.
    /// </summary>
    public void Produced(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool deleted, long upstreamOffset)
    {
        byte[]? copy = deleted ? null : Copy(value);
        if (bySpan.TryGetValue(key, out byte[]? storedKey, out Entry previous))
        {
            Recycle(previous.Value);
            entries[storedKey] = new Entry(copy, upstreamOffset);
            return;
        }
        entries.Add(Copy(key), new Entry(copy, upstreamOffset));
    }

    /// <summary>
    /// The latest value of <paramref name="key"/> that is still in flight: true with the value, or with
    /// null when the in-flight write is a delete; false when nothing is in flight (then storage is current).
    /// The array stays valid until the key's entry changes.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value)
    {
        bool found = bySpan.TryGetValue(key, out Entry entry);
        value = entry.Value;
        return found;
    }

    /// <summary>
    /// The drainer persisted the write of <paramref name="key"/> consumed at <paramref name="upstreamOffset"/>:
    /// storage now holds it, unless a later write is still in flight, whose entry stays.
    /// </summary>
    public void Persisted(ReadOnlySpan<byte> key, long upstreamOffset)
    {
        if (entries.Count == 0) return;
        if (!bySpan.TryGetValue(key, out byte[]? storedKey, out Entry entry) || entry.UpstreamOffset != upstreamOffset) return;
        entries.Remove(storedKey);
        Recycle(storedKey);
        Recycle(entry.Value);
    }

    public void Clear() => entries.Clear();

    private byte[] Copy(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = spareArrays.TryGetValue(bytes.Length, out var spares) && spares.TryPop(out byte[]? spare) ? spare : new byte[bytes.Length];
        bytes.CopyTo(copy);
        return copy;
    }

    private void Recycle(byte[]? array)
    {
        if (array is null) return;
        if (!spareArrays.TryGetValue(array.Length, out var spares)) spareArrays.Add(array.Length, spares = new Stack<byte[]>());
        spares.Push(array);
    }

    /// <summary>A write in flight: its value (null for a delete) and the upstream offset it came from.</summary>
    private readonly record struct Entry(byte[]? Value, long UpstreamOffset);

    /// <summary>Key equality by content, for stored arrays and for spans looked up (a seeded hash: the same in every run).</summary>
    private sealed class KeyBytes : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyBytes Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => unchecked((int)XxHash3.HashToUInt64(alternate));

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
