namespace Venice.Sim.InMemory;

/// <summary>
/// Compares storage keys by content. As an alternate comparer over <see cref="ReadOnlySpan{T}"/>
/// it lets a dictionary keyed by <c>byte[]</c> be probed with a span, so reads and overwrites of
/// existing keys allocate nothing. Hash codes vary between processes (HashCode is seeded per
/// process); that is harmless because no caller enumerates these dictionaries in hash order.
/// </summary>
internal sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static ByteKeyComparer Instance { get; } = new();

    private ByteKeyComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}

/// <summary>Ordinal (unsigned lexicographic) byte order, as RocksDB's default comparator sorts keys.</summary>
internal sealed class ByteKeyOrder : IComparer<byte[]>
{
    public static ByteKeyOrder Instance { get; } = new();

    private ByteKeyOrder()
    {
    }

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
