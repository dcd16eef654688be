using RocksDbSharp;

namespace Venice.Storage.RocksDb;

/// <summary>
/// A memory bound for a set of RocksDB databases (the sixteen servers of a scale world, say), so that
/// RocksDB's own memory does not grow with the records written. Each database keeps at most
/// <see cref="MaxWriteBuffers"/> memtables of <see cref="WriteBufferBytes"/> (one filling, one being
/// flushed to an SST file), and every database given this budget reads through one shared LRU
/// <see cref="BlockCacheBytes"/> cache, which also holds the SST files' index and filter blocks (so
/// open files do not pin them in memory beside the cache). RocksDB's defaults are far larger: 64 MiB
/// memtables, two per database, and a 32 MiB block cache per database, with index and filter blocks
/// outside it.
/// <para>
/// The bound is on RocksDB's buffers only: the unsynced writes of each partition live in the
/// engine's write batch until the partition syncs (<c>server.database.sync.bytes.interval.for.transactional.mode</c>
/// bounds those), and the keys and values a caller reads are copied into managed memory.
/// Durability is unchanged: a smaller memtable only flushes sooner, and a flush never makes an
/// unsynced write durable, because unsynced writes never reach the database before their sync.
/// </para>
/// </summary>
public sealed class RocksDbMemoryBudget
{
    /// <summary>4 MiB: a memtable small enough for sixteen databases in a world, large enough to flush SSTs of a useful size.</summary>
    public const long DefaultWriteBufferBytes = 4L << 20;

    /// <summary>8 MiB shared by every database of the budget.</summary>
    public const long DefaultBlockCacheBytes = 8L << 20;

    // One cache object: every database's table options point at it, so they share its capacity.
    private readonly Cache _blockCache;

    /// <summary>A budget of <paramref name="writeBufferBytes"/> per memtable and one shared cache of <paramref name="blockCacheBytes"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A write buffer under 64 KiB (RocksDB's minimum) or a negative cache size.</exception>
    public RocksDbMemoryBudget(long writeBufferBytes = DefaultWriteBufferBytes, long blockCacheBytes = DefaultBlockCacheBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writeBufferBytes, 64L << 10);
        ArgumentOutOfRangeException.ThrowIfNegative(blockCacheBytes);
        WriteBufferBytes = writeBufferBytes;
        BlockCacheBytes = blockCacheBytes;
        _blockCache = Cache.CreateLru((ulong)blockCacheBytes);
    }

    /// <summary>The size of one memtable of each database.</summary>
    public long WriteBufferBytes { get; }

    /// <summary>Memtables per database: one taking writes while the other is flushed.</summary>
    public int MaxWriteBuffers => 2;

    /// <summary>The capacity of the LRU cache all the budget's databases share.</summary>
    public long BlockCacheBytes { get; }

    /// <summary>Bytes in the shared cache now (data, index and filter blocks of every database).</summary>
    public long BlockCacheUsage => (long)_blockCache.GetUsage();

    /// <summary>The most memory the budget lets RocksDB buffer for <paramref name="databases"/> databases: their memtables plus the shared cache.</summary>
    public long BoundFor(int databases) => (long)databases * MaxWriteBuffers * WriteBufferBytes + BlockCacheBytes;

    internal DbOptions ToOptions()
    {
        var table = new BlockBasedTableOptions()
            .SetBlockCache(_blockCache)
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        return new DbOptions()
            .SetCreateIfMissing(true)
            .SetWriteBufferSize((ulong)WriteBufferBytes)
            .SetMaxWriteBufferNumber(MaxWriteBuffers)
            .SetBlockBasedTableFactory(table);
    }
}
