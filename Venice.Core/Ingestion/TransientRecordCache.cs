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
/// keeps its entry. Entries are keyed by key bytes in ordinal order (a SortedDictionary: no hash order,
/// and never enumerated). The cache lives with a leadership: it is cleared on promotion and demotion.
/// </remarks>
internal sealed class TransientRecordCache
{
    private readonly SortedDictionary<byte[], Entry> entries = new(OrdinalBytes.Instance);

    /// <summary>Keys with a write in flight.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The leader produced <paramref name="value"/> for <paramref name="key"/> (null: it deleted the key)
    /// from the upstream record at <paramref name="upstreamOffset"/>. The cache keeps its own copies.
    /// </summary>
    public void Produced(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool deleted, long upstreamOffset) =>
        entries[key.ToArray()] = new Entry(deleted ? null : value.ToArray(), upstreamOffset);

    /// <summary>
    /// The latest value of <paramref name="key"/> that is still in flight: true with the value, or with
    /// null when the in-flight write is a delete; false when nothing is in flight (then storage is current).
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value)
    {
        bool found = entries.TryGetValue(key.ToArray(), out Entry? entry);
        value = entry?.Value;
        return found;
    }

    /// <summary>
    /// The drainer persisted the write of <paramref name="key"/> consumed at <paramref name="upstreamOffset"/>:
    /// storage now holds it, unless a later write is still in flight, whose entry stays.
    /// </summary>
    public void Persisted(ReadOnlySpan<byte> key, long upstreamOffset)
    {
        if (entries.Count == 0) return;
        byte[] lookup = key.ToArray();
        if (entries.TryGetValue(lookup, out Entry? entry) && entry.UpstreamOffset == upstreamOffset) entries.Remove(lookup);
    }

    public void Clear() => entries.Clear();

    /// <summary>A write in flight: its value (null for a delete) and the upstream offset it came from.</summary>
    private sealed record Entry(byte[]? Value, long UpstreamOffset);

    /// <summary>Byte-wise ordinal order of keys.</summary>
    private sealed class OrdinalBytes : IComparer<byte[]>
    {
        public static readonly OrdinalBytes Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
