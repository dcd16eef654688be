using System.Buffers.Binary;
using System.Text;
using RocksDbSharp;
using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Storage.RocksDb;

/// <summary>
/// One server's storage in one RocksDB database (a directory the caller owns), every replica a key
/// range of it: <c>store \0 version partition kind key</c>, where kind separates data, metadata and
/// the partition's existence marker, so the ordinal key order of a partition's data is RocksDB's own.
/// <para>
/// Durability, and how a crash is modelled on a real engine. Data writes go into a
/// <see cref="WriteBatchWithIndex"/> per partition, which reads consult before the database (so a
/// write is visible at once); <see cref="IStoragePartition.Sync"/> writes the batch with
/// <c>WriteOptions.SetSync(true)</c>, so it reaches the WAL and is fsync'd before Sync returns. Metadata
/// is written straight to the database with a synced write (durable at once, as the contract says).
/// <see cref="Crash"/> discards every partition's batch and closes and reopens the database from its
/// directory, so RocksDB recovers from its WAL and files exactly what was synced. That is the loss of a
/// power failure with <c>sync=false</c> writes (a real process kill would keep unsynced WAL records in
/// the OS page cache), the loss the simulator's crash fault means. Partition handles from before a
/// crash are stale: open them again.
/// </para>
/// <para>
/// Not deterministic in time or threads (RocksDB runs native background threads and does I/O), which
/// is why it lives in its own assembly, outside the banned-API scope of Venice.Core and Venice.Sim. Its
/// contents are deterministic: the same writes give the same reads and snapshots.
/// </para>
/// </summary>
public sealed class RocksDbStorageEngine : ISimulatedStorageEngine, IDisposable
{
    private static readonly WriteOptions Synced = new WriteOptions().SetSync(true);

    private readonly SortedDictionary<string, RocksDbStoragePartition> _open = new(StringComparer.Ordinal);
    private readonly RocksDbMemoryBudget? _budget;
    private RocksDbSharp.RocksDb _db;
    private bool _disposed;

    /// <summary>Opens (creating if missing) the database in <paramref name="directory"/>, with RocksDB's default buffer sizes.</summary>
    /// <exception cref="ArgumentException">An empty directory name.</exception>
    public RocksDbStorageEngine(string directory)
        : this(directory, budget: null)
    {
    }

    /// <summary>
    /// Opens (creating if missing) the database in <paramref name="directory"/> within
    /// <paramref name="budget"/>: its memtable size, and the block cache it shares with the budget's other databases.
    /// </summary>
    /// <exception cref="ArgumentException">An empty directory name.</exception>
    public RocksDbStorageEngine(string directory, RocksDbMemoryBudget? budget)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        _budget = budget;
        _db = OpenDatabase(directory, budget);
    }

    /// <summary>The database's directory.</summary>
    public string Directory { get; }

    internal RocksDbSharp.RocksDb Db => _disposed ? throw new ObjectDisposedException(nameof(RocksDbStorageEngine)) : _db;

    internal static WriteOptions SyncedWrite => Synced;

    public IStoragePartition OpenPartition(StoreVersion version, int partition)
    {
        byte[] prefix = PartitionPrefix(version, partition);
        string name = Convert.ToHexString(prefix);
        if (!_open.TryGetValue(name, out RocksDbStoragePartition? existing))
        {
            existing = new RocksDbStoragePartition(this, prefix);
            _open.Add(name, existing);
        }

        return existing;
    }

    public bool HasPartition(StoreVersion version, int partition) =>
        _open.ContainsKey(Convert.ToHexString(PartitionPrefix(version, partition))) ||
        Db.HasKey(RocksDbStoragePartition.MarkerKey(PartitionPrefix(version, partition)), null, null);

    public void DropPartition(StoreVersion version, int partition)
    {
        byte[] prefix = PartitionPrefix(version, partition);
        if (_open.Remove(Convert.ToHexString(prefix), out RocksDbStoragePartition? open)) open.Discard();
        byte[] end = RocksDbStoragePartition.PrefixEnd(prefix);
        using var batch = new WriteBatch();
        batch.DeleteRange(prefix, (ulong)prefix.Length, end, (ulong)end.Length, null);
        Db.Write(batch, Synced);
    }

    /// <summary>
    /// Fault: the server dies. Every partition's unsynced writes are discarded, the database is closed
    /// and reopened from its directory; synced data and all metadata survive. Open partitions again.
    /// </summary>
    public void Crash()
    {
        foreach (RocksDbStoragePartition partition in _open.Values) partition.Discard();
        _open.Clear();
        Db.Dispose();
        _db = OpenDatabase(Directory, _budget);
    }

    /// <summary>Operations in the partition's unsynced batch (0 when none, or when it is not open: only an open partition takes writes).</summary>
    public long UnsyncedWriteCount(StoreVersion version, int partition) =>
        _open.TryGetValue(Convert.ToHexString(PartitionPrefix(version, partition)), out RocksDbStoragePartition? open) ? open.UnsyncedWrites : 0;

    public void Dispose()
    {
        if (_disposed) return;
        foreach (RocksDbStoragePartition partition in _open.Values) partition.Discard();
        _open.Clear();
        _db.Dispose();
        _disposed = true;
    }

    private static RocksDbSharp.RocksDb OpenDatabase(string directory, RocksDbMemoryBudget? budget)
    {
        System.IO.Directory.CreateDirectory(directory);
        DbOptions options = budget?.ToOptions() ?? new DbOptions().SetCreateIfMissing(true);
        return RocksDbSharp.RocksDb.Open(options, directory);
    }

    /// <summary><c>store \0 version(BE) partition(BE)</c>: partitions never share a prefix.</summary>
    private static byte[] PartitionPrefix(StoreVersion version, int partition)
    {
        ArgumentNullException.ThrowIfNull(version.Store);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        if (version.Store.Contains('\0')) throw new ArgumentException("a store name must not contain NUL", nameof(version));
        int nameBytes = Encoding.UTF8.GetByteCount(version.Store);
        byte[] prefix = new byte[nameBytes + 1 + 8];
        Encoding.UTF8.GetBytes(version.Store, prefix);
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(nameBytes + 1), version.Version);
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(nameBytes + 5), partition);
        return prefix;
    }
}
