using Venice.Core;
using Venice.Core.Helix;
using Venice.Core.Ingestion;
using Venice.Core.Log;
using Venice.Core.Reporting;
using Venice.Sim.World;

namespace Venice.Sim.Invariants;

/// <summary>
/// The one view through which the built-in checkers read a world: versions and their reference models,
/// version statuses, Helix's external view and the customized view, the log, what each server's storage
/// holds and what its ingestion tasks believe. Every member only reads; checkers never get the world
/// itself, so they cannot steer it (docs/design.md: checkers only observe).
/// </summary>
public sealed class CheckedWorld(SimWorld world)
{
    /// <summary>Every store-version, stores in order, versions oldest first.</summary>
    public IReadOnlyList<VersionRuntime> Versions => world.Versions;

    /// <summary>The world's stores, in order.</summary>
    public IReadOnlyList<StoreRuntime> Stores => world.Stores;

    /// <summary>The store's current version number as the controller last wrote it (what routers read), or null before the first swap.</summary>
    public int? CurrentVersionOf(string store) =>
        world.Metadata.TryGet(MetadataPaths.CurrentVersion(store), out var node) &&
        int.TryParse(node.Data, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int current) ? current : null;

    /// <summary>The metadata store's change counter: nothing in it changed while it stays the same.</summary>
    public long MetadataChangeSequence => world.Metadata.LastChangeSequence;

    /// <summary>Whether a server's storage still holds a partition of the version (empty or not).</summary>
    public bool StoresPartition(ReplicaId replica) => world.StorageEngines[replica.Server.Value].HasPartition(replica.Version, replica.Partition);

    /// <summary>Servers in the world.</summary>
    public int ServerCount => world.Servers.Count;

    /// <summary>The runtime of a version, or null when the world has no such version.</summary>
    public VersionRuntime? VersionOf(StoreVersion version) => world.VersionOf(version);

    /// <summary>The version's status as the controller last wrote it.</summary>
    public VersionStatus StatusOf(StoreVersion version) => world.StatusOf(version);

    /// <summary>Helix's external view of one partition of a version, read now.</summary>
    public ExternalView ExternalViewOf(StoreVersion version, int partition) => ExternalView.ReadPartition(world.Metadata, version, partition);

    /// <summary>The customized view of one partition: each server's last reported ingestion status, in server order.</summary>
    public IReadOnlyList<(ServerId Server, string Status)> CustomizedViewOf(StoreVersion version, int partition)
    {
        var entries = new List<(ServerId, string)>();
        string cvPartition = MetadataPaths.CustomizedViewPartition(version, partition);
        foreach (var child in world.Metadata.GetChildren(cvPartition))
        {
            if (world.Metadata.TryGet($"{cvPartition}/{child}", out var node) && MetadataPaths.TryParseServer(child, out var server))
            {
                entries.Add((server, node.Data));
            }
        }
        return entries;
    }

    /// <summary>A record of the log, if the offset holds one.</summary>
    public bool TryReadLog(TopicPartition partition, long offset, out LogEntry entry) => world.Log.TryRead(partition, offset, out entry);

    /// <summary>The offset the next record of <paramref name="partition"/> will get (its end).</summary>
    public long EndOffset(TopicPartition partition) => world.Log.EndOffset(partition);

    /// <summary>The current sim time.</summary>
    public long NowMs => world.Clock.NowMs;

    /// <summary>What a replica's storage holds, in ordinal key order (empty when the server hosts no such partition).</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> StoredContent(ReplicaId replica)
    {
        var engine = world.StorageEngines[replica.Server.Value];
        return engine.HasPartition(replica.Version, replica.Partition) ? engine.OpenPartition(replica.Version, replica.Partition).SnapshotSorted() : [];
    }

    /// <summary>Whether a replica's storage holds <paramref name="key"/> (false when the server hosts no such partition).</summary>
    public bool StorageHolds(ReplicaId replica, ReadOnlySpan<byte> key)
    {
        var engine = world.StorageEngines[replica.Server.Value];
        return engine.HasPartition(replica.Version, replica.Partition) && engine.OpenPartition(replica.Version, replica.Partition).TryGet(key, out _);
    }

    /// <summary>A replica's storage partition, or null when the server hosts no such partition.</summary>
    internal Venice.Core.Storage.IStoragePartition? HostedStorage(ReplicaId replica)
    {
        var engine = world.StorageEngines[replica.Server.Value];
        return engine.HasPartition(replica.Version, replica.Partition) ? engine.OpenPartition(replica.Version, replica.Partition) : null;
    }

    /// <summary>Keys written to a replica's storage and not yet synced (lost if its server crashed now).</summary>
    public int UnsyncedKeyCount(ReplicaId replica) =>
        (int)world.StorageEngines[replica.Server.Value].UnsyncedWriteCount(replica.Version, replica.Partition);

    /// <summary>What every live server's ingestion tasks believe about the partitions they host, servers in id order.</summary>
    public IEnumerable<(StoreVersion Version, int Partition, IPartitionConsumptionView State)> HostedPartitions()
    {
        foreach (var server in world.Servers)
        {
            foreach (var task in server.Tasks)
            {
                foreach (int partition in task.SubscribedPartitions)
                {
                    if (task.TryGetPartition(partition, out var state)) yield return (task.Version, partition, state);
                }
            }
        }
    }

    /// <summary>The ingestion state of one replica, when its server's task hosts the partition.</summary>
    public IEnumerable<IPartitionConsumptionView> ReplicasOf(StoreVersion version, int partition)
    {
        foreach (var server in world.Servers)
        {
            foreach (var task in server.Tasks)
            {
                if (task.Version == version && task.TryGetPartition(partition, out var state)) yield return state;
            }
        }
    }
}
