using Venice.Core;
using Venice.Core.Log;
using Venice.Core.Metadata;

namespace Venice.Sim.World;

/// <summary>Whether one server can currently reach the log and the metadata store.</summary>
public sealed class ServerNetwork
{
    public bool Isolated { get; set; }
}

/// <summary>
/// A server's view of the shared log: while the server is isolated, produces fail (the producer
/// retries and gives up) and reads find nothing. End offsets stay visible, as a consumer's cached
/// metadata would be.
/// </summary>
public sealed class IsolatableLog(ILog shared, ServerNetwork network) : ILog
{
    public void CreateTopic(string topic, int partitionCount) => shared.CreateTopic(topic, partitionCount);

    public bool TopicExists(string topic) => shared.TopicExists(topic);

    public int PartitionCount(string topic) => shared.PartitionCount(topic);

    public ProduceResult Produce(TopicPartition partition, ReadOnlySpan<byte> payload) =>
        network.Isolated ? ProduceResult.Failed : shared.Produce(partition, payload);

    public bool TryRead(TopicPartition partition, long fromOffset, out LogEntry entry)
    {
        if (network.Isolated)
        {
            entry = default;
            return false;
        }
        return shared.TryRead(partition, fromOffset, out entry);
    }

    public long EndOffset(TopicPartition partition) => shared.EndOffset(partition);
}

/// <summary>A server's view of the shared metadata store: every operation is Unavailable while isolated.</summary>
public sealed class IsolatableMetadataStore(IMetadataStore shared, ServerNetwork network) : IMetadataStore
{
    private static readonly MetadataResult Unavailable = new(MetadataStatus.Unavailable, -1);

    public SessionId OpenSession(string owner) => shared.OpenSession(owner);

    public bool IsSessionAlive(SessionId session) => shared.IsSessionAlive(session);

    public void CloseSession(SessionId session) => shared.CloseSession(session);

    public bool TryGet(string path, out MetadataNode node)
    {
        if (network.Isolated)
        {
            node = null!;
            return false;
        }
        return shared.TryGet(path, out node);
    }

    public MetadataResult Create(string path, string data, SessionId? ephemeralOwner = null) =>
        network.Isolated ? Unavailable : shared.Create(path, data, ephemeralOwner);

    public MetadataResult SetData(string path, string data, int expectedVersion) =>
        network.Isolated ? Unavailable : shared.SetData(path, data, expectedVersion);

    public MetadataResult Delete(string path, int expectedVersion) =>
        network.Isolated ? Unavailable : shared.Delete(path, expectedVersion);

    public IReadOnlyList<string> GetChildren(string path) => network.Isolated ? [] : shared.GetChildren(path);

    public long LastChangeSequence => shared.LastChangeSequence;

    public IReadOnlyList<MetadataChange> ChangesSince(long afterSequence, int max) =>
        network.Isolated ? [] : shared.ChangesSince(afterSequence, max);
}
