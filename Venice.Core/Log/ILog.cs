using System.Buffers;

namespace Venice.Core.Log;

/// <summary>A Kafka-like log: named topics with partitions, append-only, read by offset.</summary>
public interface ILog
{
    /// <summary>Creates a topic; creating an existing topic with the same partition count is a no-op.</summary>
    void CreateTopic(string topic, int partitionCount);

    bool TopicExists(string topic);

    /// <summary>Partition count of an existing topic; 0 when the topic does not exist.</summary>
    int PartitionCount(string topic);

    /// <summary>Appends one record (the bytes are copied). Returns the assigned offset or a failure.</summary>
    ProduceResult Produce(TopicPartition partition, ReadOnlySpan<byte> payload);

    /// <summary>
    /// Reads the first record at or after <paramref name="fromOffset"/>. A record the log lost is
    /// skipped (so <see cref="LogEntry.Offset"/> may be greater than asked). False when nothing is there yet.
    /// </summary>
    bool TryRead(TopicPartition partition, long fromOffset, out LogEntry entry);

    /// <summary>The offset the next produced record will get (0 for an empty partition).</summary>
    long EndOffset(TopicPartition partition);
}

/// <summary>How a produce to the log ended.</summary>
public enum ProduceStatus
{
    Ok,
    /// <summary>The produce failed; the producer may retry (and may create a duplicate if it had landed).</summary>
    Failed,
    NoSuchTopic,
}

/// <summary>A produce's status and, when it succeeded, the offset the record landed at.</summary>
public readonly record struct ProduceResult(ProduceStatus Status, long Offset)
{
    public bool Succeeded => Status == ProduceStatus.Ok;
    public static ProduceResult Ok(long offset) => new(ProduceStatus.Ok, offset);
    public static ProduceResult Failed => new(ProduceStatus.Failed, -1);
    public static ProduceResult NoSuchTopic => new(ProduceStatus.NoSuchTopic, -1);
}

/// <summary>One record as stored in the log. The payload is a view; it must not be kept past the next log write.</summary>
public readonly record struct LogEntry(long Offset, ReadOnlySequence<byte> Payload);
