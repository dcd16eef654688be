using System.Buffers.Binary;
using System.Text;
using RocksDbSharp;
using Venice.Core.Storage;

namespace Venice.Storage.RocksDb;

/// <summary>
/// One replica's key range in a <see cref="RocksDbStorageEngine"/>'s database. Unsynced data writes
/// live in a <see cref="WriteBatchWithIndex"/> that reads merge over the database; Sync writes the
/// batch (with the live key count, so a reopened partition knows it) as one synced write.
/// </summary>
internal sealed class RocksDbStoragePartition : IStoragePartition
{
    private const byte DataKind = (byte)'d';
    private const byte MetadataKind = (byte)'m';
    private const byte CountKind = (byte)'c';
    private const byte MarkerKind = (byte)'x';

    private readonly RocksDbStorageEngine _engine;
    private readonly byte[] _prefix;
    private readonly byte[] _countKey;
    private WriteBatchWithIndex? _pending = new();

    // The data key (prefix, kind, user key) is assembled here, reused by every call.
    private byte[] _scratch;

    public RocksDbStoragePartition(RocksDbStorageEngine engine, byte[] prefix)
    {
        _engine = engine;
        _prefix = prefix;
        _countKey = KindKey(prefix, CountKind);
        _scratch = new byte[prefix.Length + 1 + 64];
        prefix.CopyTo(_scratch, 0);
        _scratch[prefix.Length] = DataKind;
        byte[] marker = MarkerKey(prefix);
        if (!Db.HasKey(marker, null, null))
        {
            Db.Put(marker, Array.Empty<byte>(), null, RocksDbStorageEngine.SyncedWrite);
        }

        byte[]? count = Db.Get(_countKey, null, null);
        KeyCount = count is { Length: 8 } ? BinaryPrimitives.ReadInt64BigEndian(count) : 0;
    }

    public long KeyCount { get; private set; }

    /// <summary>Operations waiting in the batch for the next sync.</summary>
    internal long UnsyncedWrites => _pending?.Count() ?? 0;

    private RocksDbSharp.RocksDb Db => _engine.Db;

    private WriteBatchWithIndex Pending => _pending ?? throw new ObjectDisposedException(nameof(RocksDbStoragePartition), "the partition was dropped or its engine crashed; open it again");

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int length = DataKey(key);
        if (Pending.Get(Db, _scratch, (ulong)length, null, null) is null) KeyCount++;
        Pending.Put(_scratch.AsSpan(0, length), value, null);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        int length = DataKey(key);
        if (Pending.Get(Db, _scratch, (ulong)length, null, null) is null) return;
        Pending.Delete(_scratch.AsSpan(0, length), null);
        KeyCount--;
    }

    /// <summary>Reads the current value (the batch's, else the database's) as a fresh copy, valid for as long as the caller keeps it.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        int length = DataKey(key);
        byte[]? found = Pending.Get(Db, _scratch, (ulong)length, null, null);
        value = found;
        return found is not null;
    }

    public void Sync()
    {
        Span<byte> count = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(count, KeyCount);
        Pending.Put(_countKey, count, null);
        Db.Write(Pending, RocksDbStorageEngine.SyncedWrite);
        Pending.Clear();
    }

    public void PutMetadata(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _ = Pending;
        Db.Put(MetadataKey(key), value, null, RocksDbStorageEngine.SyncedWrite);
    }

    public bool TryGetMetadata(string key, out byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _ = Pending;
        value = Db.Get(MetadataKey(key), null, null) ?? [];
        return value.Length > 0 || Db.HasKey(MetadataKey(key), null, null);
    }

    /// <summary>Every current pair in ordinal key order: RocksDB's bytewise order, merged with the unsynced batch.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted()
    {
        byte[] start = KindKey(_prefix, DataKind);
        var pairs = new List<KeyValuePair<byte[], byte[]>>((int)Math.Min(KeyCount, 1 << 20));
        // The batch's iterator takes over the database iterator it is built on.
        using Iterator merged = Pending.NewIterator(Db.NewIterator(null, null), null);
        for (merged.Seek(start); merged.Valid(); merged.Next())
        {
            ReadOnlySpan<byte> fullKey = merged.GetKeySpan();
            if (!fullKey.StartsWith(start)) break;
            pairs.Add(new KeyValuePair<byte[], byte[]>(fullKey[start.Length..].ToArray(), merged.GetValueSpan().ToArray()));
        }

        return pairs;
    }

    /// <summary>The unsynced writes are gone (a crash, a drop); this handle may not be used again.</summary>
    internal void Discard()
    {
        _pending?.Dispose();
        _pending = null;
    }

    internal static byte[] MarkerKey(byte[] prefix) => KindKey(prefix, MarkerKind);

    /// <summary>The first key after every key that starts with <paramref name="prefix"/>.</summary>
    internal static byte[] PrefixEnd(byte[] prefix)
    {
        // The prefix ends in the partition number's last byte; carry like an increment.
        byte[] end = prefix.ToArray();
        for (int i = end.Length - 1; i >= 0; i--)
        {
            if (++end[i] != 0) return end[..(i + 1)];
        }

        throw new InvalidOperationException("a partition prefix of only 0xFF bytes has no end");
    }

    private static byte[] KindKey(byte[] prefix, byte kind)
    {
        byte[] key = new byte[prefix.Length + 1];
        prefix.CopyTo(key, 0);
        key[^1] = kind;
        return key;
    }

    private byte[] MetadataKey(string key)
    {
        byte[] full = new byte[_prefix.Length + 1 + Encoding.UTF8.GetByteCount(key)];
        _prefix.CopyTo(full, 0);
        full[_prefix.Length] = MetadataKind;
        Encoding.UTF8.GetBytes(key, full.AsSpan(_prefix.Length + 1));
        return full;
    }

    /// <summary>Writes prefix, data kind and <paramref name="key"/> into the scratch buffer; returns the length.</summary>
    private int DataKey(ReadOnlySpan<byte> key)
    {
        int length = _prefix.Length + 1 + key.Length;
        if (_scratch.Length < length)
        {
            byte[] larger = new byte[Math.Max(length, _scratch.Length * 2)];
            _scratch.AsSpan(0, _prefix.Length + 1).CopyTo(larger);
            _scratch = larger;
        }

        key.CopyTo(_scratch.AsSpan(_prefix.Length + 1));
        return length;
    }
}
