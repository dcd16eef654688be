using Venice.Core;
using Venice.Core.Log;

namespace Venice.Sim.World;

/// <summary>
/// The shared log as the world's writers see it (push jobs, real-time producers, the controller's topic
/// switch, the servers' leaders): every append wakes the servers that read that partition number
/// (<see cref="ActorReadiness"/>), so the loop need not ask every server after every step whether a new
/// record arrived. Reads and everything else pass straight through.
/// </summary>
internal sealed class WakingLog(ILog shared, ActorReadiness readiness) : ILog
{
    public void CreateTopic(string topic, int partitionCount)
    {
        shared.CreateTopic(topic, partitionCount);
        readiness.InvalidateAll();
    }

    public bool TopicExists(string topic) => shared.TopicExists(topic);

    public int PartitionCount(string topic) => shared.PartitionCount(topic);

    public ProduceResult Produce(TopicPartition partition, ReadOnlySpan<byte> payload)
    {
        var result = shared.Produce(partition, payload);
        // A failed produce may still have landed (ambiguous acks): wake the readers whatever the outcome.
        readiness.RecordAppended(partition.Partition);
        return result;
    }

    public bool TryRead(TopicPartition partition, long fromOffset, out LogEntry entry) => shared.TryRead(partition, fromOffset, out entry);

    public long EndOffset(TopicPartition partition) => shared.EndOffset(partition);
}
