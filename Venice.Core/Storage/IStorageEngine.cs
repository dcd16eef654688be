namespace Venice.Core.Storage;

/// <summary>A server's storage engine (RocksDB in Venice): one key/value partition per replica.</summary>
public interface IStorageEngine
{
    /// <summary>Opens a partition, creating it empty if it does not exist.</summary>
    IStoragePartition OpenPartition(StoreVersion version, int partition);

    bool HasPartition(StoreVersion version, int partition);

    /// <summary>Deletes a partition with its data and metadata.</summary>
    void DropPartition(StoreVersion version, int partition);
}

/// <summary>
/// One replica's key/value data plus its metadata (the OffsetRecord lives there).
/// Data writes are durable only after <see cref="Sync"/>: a crash loses unsynced writes.
/// A metadata write is durable at once (Venice writes the OffsetRecord after the sync, to the
/// metadata partition, and the simulator treats that write as atomic and durable).
/// </summary>
public interface IStoragePartition
{
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Reads the current value (synced or not). The memory must not be kept past the next write.</summary>
    bool TryGet(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value);

    /// <summary>Makes every write so far durable.</summary>
    void Sync();

    void PutMetadata(string key, ReadOnlySpan<byte> value);

    bool TryGetMetadata(string key, out byte[] value);

    long KeyCount { get; }

    /// <summary>All current key/value pairs in ordinal key order (for invariants and tests; not a hot path).</summary>
    IReadOnlyList<KeyValuePair<byte[], byte[]>> SnapshotSorted();
}

/// <summary>
/// A storage engine the simulator can crash and inspect: the in-memory engine, or a real one such as
/// RocksDB. What a crash keeps is the contract of <see cref="IStoragePartition"/>: synced data and all
/// metadata survive, unsynced data writes are lost.
/// </summary>
public interface ISimulatedStorageEngine : IStorageEngine
{
    /// <summary>
    /// Fault: the server's process dies. Every partition loses the data writes made since its last sync.
    /// Partition handles obtained before the crash may be stale afterwards: open them again.
    /// </summary>
    void Crash();

    /// <summary>Data writes to the partition since its last sync (what a crash would undo); 0 when none or when the partition is absent.</summary>
    long UnsyncedWriteCount(StoreVersion version, int partition);
}
