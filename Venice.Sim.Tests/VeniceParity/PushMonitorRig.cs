using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Ingestion;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.VeniceParity;

/// <summary>
/// A push monitor over an in-memory metadata store and log, with helpers that write what servers and
/// Helix write: replica reports (the partition push status) and external view entries.
/// </summary>
internal sealed class PushMonitorRig
{
    public static readonly StoreVersion Version = new("store", 1);

    public PushMonitorRig(PushStrategy strategy, int partitions, int replicationFactor, bool hybrid = false)
    {
        Log.CreateTopic(Version.VersionTopic, partitions);
        var switcher = new RealTimeTopicSwitcher(Log, Clock, new SeededRandom(1), ChecksumType.AdHash);
        Monitor = new PushMonitor(Metadata, NullWritePathObserver.Instance, strategy, switcher, Clock);
        Monitor.StartPush(Version, partitions, replicationFactor, new StoreConfig(Version.Store, hybrid));
    }

    public InMemoryMetadataStore Metadata { get; } = new();

    public InMemoryLog Log { get; } = new();

    public SimClock Clock { get; } = new(1_000);

    public PushMonitor Monitor { get; }

    public PushDecision Status => Monitor.StatusOf(Version);

    /// <summary>How many TOPIC_SWITCH control messages partition 0 of the VT holds.</summary>
    public int TopicSwitchesSent
    {
        get
        {
            int count = 0;
            var partition = new TopicPartition(Version.VersionTopic, 0);
            for (long offset = 0; Log.TryRead(partition, offset, out var entry); offset = entry.Offset + 1)
            {
                if (RecordCodec.TryDecode(entry.Payload, out var record) == DecodeStatus.Ok && record.IsControl(ControlMessageType.TopicSwitch)) count++;
            }
            return count;
        }
    }

    public string? CurrentVersion =>
        Metadata.TryGet(MetadataPaths.CurrentVersion(Version.Store), out var node) ? node.Data : null;

    public string VersionStatus =>
        Metadata.TryGet(MetadataPaths.VersionStatusNode(Version), out var node) ? node.Data : "";

    public void Report(int partition, params (int Server, ExecutionStatus Status)[] entries)
    {
        string path = MetadataPaths.PartitionPushStatus(Version, partition);
        var map = Metadata.TryGet(path, out var existing) ? ReplicaStatusMap.Decode(existing.Data) : new ReplicaStatusMap();
        foreach (var (server, status) in entries) map.Set(new ServerId(server), status);
        if (Metadata.TryGet(path, out var node)) Metadata.SetData(path, map.Encode(), node.Version);
        else Metadata.Create(path, map.Encode());
    }

    public void View(int partition, params (int Server, string State)[] replicas)
    {
        foreach (var (server, state) in replicas)
        {
            string path = MetadataPaths.ExternalViewReplica(Version, partition, new ServerId(server));
            if (Metadata.TryGet(path, out var node)) Metadata.SetData(path, state, node.Version);
            else Metadata.Create(path, state);
        }
    }
}
