using Venice.Core;
using Venice.Core.Storage;

namespace Venice.Sim.InMemory;

/// <summary>
/// One server's storage in memory: a partition per (store-version, partition), kept in a sorted
/// map so every walk over them is in the same order. <see cref="Crash"/> is the Sim-only fault
/// that drops every unsynced data write; synced data and all metadata survive.
/// </summary>
public sealed class InMemoryStorageEngine : ISimulatedStorageEngine
{
    private readonly SortedDictionary<PartitionKey, InMemoryStoragePartition> _partitions = new();
    private readonly int _initialKeys;
    private readonly long _initialBytes;

    /// <summary>An engine whose partitions start small and grow as they fill.</summary>
    public InMemoryStorageEngine()
    {
    }

    /// <summary>
    /// An engine whose partitions are sized up front for <paramref name="keysPerPartition"/> keys and
    /// <paramref name="bytesPerPartition"/> bytes of keys and values, so filling them needs no growth
    /// (the hot-loop benchmark uses it to measure ingestion, not arena growth). Larger data still fits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public InMemoryStorageEngine(int keysPerPartition, long bytesPerPartition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keysPerPartition);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerPartition);
        _initialKeys = keysPerPartition;
        _initialBytes = bytesPerPartition;
    }

    public IStoragePartition OpenPartition(StoreVersion version, int partition) => Open(version, partition);

    /// <summary>Like <see cref="OpenPartition"/>, typed for Sim code that needs the in-memory hooks.</summary>
    public InMemoryStoragePartition Open(StoreVersion version, int partition)
    {
        var key = PartitionKey.Of(version, partition);
        if (!_partitions.TryGetValue(key, out InMemoryStoragePartition? existing))
        {
            existing = new InMemoryStoragePartition(_initialKeys, _initialBytes);
            _partitions.Add(key, existing);
        }

        return existing;
    }

    public bool HasPartition(StoreVersion version, int partition)
    {
        return _partitions.ContainsKey(PartitionKey.Of(version, partition));
    }

    public void DropPartition(StoreVersion version, int partition)
    {
        _partitions.Remove(PartitionKey.Of(version, partition));
    }

    /// <summary>Every partition this engine holds, in (store, version, partition) order.</summary>
    public IReadOnlyList<(StoreVersion Version, int Partition)> PartitionIds() =>
        _partitions.Keys.Select(static key => (new StoreVersion(key.Store, key.Version), key.Partition)).ToArray();

    /// <summary>
    /// Fault: the server's process dies. Every partition loses the data writes made since its last
    /// sync; synced data and metadata survive. Partition objects stay usable, like a reopened database.
    /// </summary>
    public void Crash()
    {
        foreach (InMemoryStoragePartition partition in _partitions.Values)
        {
            partition.LoseUnsyncedWrites();
        }
    }

    /// <summary>Keys written since the partition's last sync (each counted once).</summary>
    public long UnsyncedWriteCount(StoreVersion version, int partition) =>
        _partitions.TryGetValue(PartitionKey.Of(version, partition), out InMemoryStoragePartition? found) ? found.UnsyncedKeyCount : 0;

    private readonly record struct PartitionKey(string Store, int Version, int Partition) : IComparable<PartitionKey>
    {
        public static PartitionKey Of(StoreVersion version, int partition)
        {
            ArgumentNullException.ThrowIfNull(version.Store);
            ArgumentOutOfRangeException.ThrowIfNegative(partition);
            return new PartitionKey(version.Store, version.Version, partition);
        }

        public int CompareTo(PartitionKey other)
        {
            int byStore = string.CompareOrdinal(Store, other.Store);
            if (byStore != 0)
            {
                return byStore;
            }

            int byVersion = Version.CompareTo(other.Version);
            return byVersion != 0 ? byVersion : Partition.CompareTo(other.Partition);
        }
    }
}
