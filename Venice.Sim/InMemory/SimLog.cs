using System.Buffers;
using Venice.Core;
using Venice.Core.Log;

namespace Venice.Sim.InMemory;

/// <summary>
/// The simulated Kafka every world runs on: topics in ordinal name order, each partition an
/// append-only sequence of copied records, and the log faults of docs/faults.md (a lost record, a
/// flipped bit, failed produces that may still land) for the fault injector. Where a partition's record
/// bytes live is the one thing the two kinds differ in: <see cref="InMemoryLog"/> keeps them in pages
/// of memory, <see cref="Venice.Sim.Files.FileLog"/> in segment files. Everything a reader or a fault
/// sees is the same, so a scenario's trace does not depend on the kind.
/// </summary>
public abstract class SimLog : ILog
{
    /// <summary>Largest number of records one partition may hold; a run that needs more is a runaway.</summary>
    public const int MaxRecordsPerPartition = 1 << 28;

    private protected SimLog()
    {
    }

    private readonly SortedDictionary<string, LogTopic> _topics = new(StringComparer.Ordinal);

    // Failures armed by the fault injector, looked up (never enumerated) at each produce.
    private readonly Dictionary<TopicPartition, ProduceFailurePlan> _partitionFailures = new();
    private readonly Dictionary<string, ProduceFailurePlan> _topicFailures = new(StringComparer.Ordinal);

    // Partitions in an ambiguous-ack window, and whether their next produce is the one that "fails".
    private readonly Dictionary<TopicPartition, bool> _ambiguousAcks = new();

    public void CreateTopic(string topic, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        if (_topics.TryGetValue(topic, out LogTopic? existing))
        {
            if (existing.Partitions.Length != partitionCount)
            {
                throw new InvalidOperationException(
                    $"Topic {topic} exists with {existing.Partitions.Length} partitions, not {partitionCount}.");
            }

            return;
        }

        _topics.Add(topic, new LogTopic(topic, partitionCount, CreatePartition));
    }

    public bool TopicExists(string topic)
    {
        return _topics.ContainsKey(topic);
    }

    public int PartitionCount(string topic)
    {
        return _topics.TryGetValue(topic, out LogTopic? found) ? found.Partitions.Length : 0;
    }

    public ProduceResult Produce(TopicPartition partition, ReadOnlySpan<byte> payload)
    {
        LogPartitionRecords? target = Find(partition);
        if (target is null)
        {
            return ProduceResult.NoSuchTopic;
        }

        if (_ambiguousAcks.TryGetValue(partition, out bool failThisOne))
        {
            _ambiguousAcks[partition] = !failThisOne;
            if (failThisOne)
            {
                target.Append(payload);
                return ProduceResult.Failed;
            }
        }

        if (TryTakeArmedFailure(partition, out bool landAnyway))
        {
            if (landAnyway)
            {
                target.Append(payload);
            }

            return ProduceResult.Failed;
        }

        return ProduceResult.Ok(target.Append(payload));
    }

    public bool TryRead(TopicPartition partition, long fromOffset, out LogEntry entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        LogPartitionRecords? source = Find(partition);
        if (source is not null)
        {
            for (long offset = fromOffset; offset < source.EndOffset; offset++)
            {
                if (source.IsPresent(offset))
                {
                    entry = new LogEntry(offset, source.Read(offset));
                    return true;
                }
            }
        }

        entry = default;
        return false;
    }

    public long EndOffset(TopicPartition partition)
    {
        return Find(partition)?.EndOffset ?? 0;
    }

    /// <summary>Names of all topics, ordinally sorted (for fault targeting and reports).</summary>
    public IReadOnlyList<string> TopicNames() => _topics.Keys.ToArray();

    /// <summary>Counts for one partition; all zero for an unknown one.</summary>
    public LogPartitionStats PartitionStats(TopicPartition partition)
    {
        LogPartitionRecords? found = Find(partition);
        return found is null
            ? default
            : new LogPartitionStats(found.EndOffset, found.EndOffset - found.LostCount, found.LostCount, found.CorruptedOffsets.Count);
    }

    /// <summary>
    /// Fault: the record at <paramref name="offset"/> vanishes. Readers skip it; later offsets keep
    /// their numbers. False when there was no record to lose (never written, or already lost).
    /// </summary>
    public bool LoseRecord(TopicPartition partition, long offset)
    {
        LogPartitionRecords? target = Find(partition);
        if (target is null || !target.IsPresent(offset))
        {
            return false;
        }

        target.Lose(offset);
        target.CorruptedOffsets.Remove(offset);
        return true;
    }

    /// <summary>
    /// Fault: flips bit <paramref name="bitIndex"/> (bit <c>bitIndex % 8</c> of byte <c>bitIndex / 8</c>)
    /// of the stored record, in place. False when the record is absent. The index must lie inside the
    /// record; use <see cref="TryGetRecordLength"/> to choose one.
    /// </summary>
    public bool CorruptRecord(TopicPartition partition, long offset, int bitIndex)
    {
        LogPartitionRecords? target = Find(partition);
        if (target is null || !target.IsPresent(offset))
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bitIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bitIndex, checked(target.Length(offset) * 8));
        target.FlipBit(offset, bitIndex);
        target.CorruptedOffsets.Add(offset);
        return true;
    }

    /// <summary>Length in bytes of a present record; false if it was never written or was lost.</summary>
    public bool TryGetRecordLength(TopicPartition partition, long offset, out int lengthBytes)
    {
        LogPartitionRecords? found = Find(partition);
        if (found is null || !found.IsPresent(offset))
        {
            lengthBytes = 0;
            return false;
        }

        lengthBytes = found.Length(offset);
        return true;
    }

    public bool IsLost(TopicPartition partition, long offset)
    {
        LogPartitionRecords? found = Find(partition);
        return found is not null && offset >= 0 && offset < found.EndOffset && !found.IsPresent(offset);
    }

    public bool IsCorrupted(TopicPartition partition, long offset) =>
        Find(partition)?.CorruptedOffsets.Contains(offset) ?? false;

    /// <summary>
    /// Fault: the next <paramref name="count"/> produces to this partition report
    /// <see cref="ProduceStatus.Failed"/>. With <paramref name="landAnyway"/> the bytes are appended
    /// all the same, which is how a producer's retry creates a duplicate. Calls queue up in order;
    /// a partition's own failures are used before its topic's.
    /// </summary>
    public void FailNextProduces(TopicPartition partition, int count, bool landAnyway)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!_partitionFailures.TryGetValue(partition, out ProduceFailurePlan? plan))
        {
            plan = new ProduceFailurePlan();
            _partitionFailures.Add(partition, plan);
        }

        plan.Arm(count, landAnyway);
    }

    /// <summary>Fault: like the partition overload, for the next produces to any partition of the topic.</summary>
    public void FailNextProduces(string topic, int count, bool landAnyway)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!_topicFailures.TryGetValue(topic, out ProduceFailurePlan? plan))
        {
            plan = new ProduceFailurePlan();
            _topicFailures.Add(topic, plan);
        }

        plan.Arm(count, landAnyway);
    }

    /// <summary>
    /// Fault: while on, every other produce to the partition (starting with the next) reports failure
    /// although the record lands, as a broker that appended but timed out the ack. A writer that retries
    /// at once gets each record through on its second attempt and leaves one duplicate per record.
    /// </summary>
    public void SetAmbiguousAcks(TopicPartition partition, bool on)
    {
        if (on) _ambiguousAcks[partition] = true;
        else _ambiguousAcks.Remove(partition);
    }

    /// <summary>Disarms every pending produce failure (the settle phase heals faults).</summary>
    public void HealProduceFailures()
    {
        _partitionFailures.Clear();
        _topicFailures.Clear();
        _ambiguousAcks.Clear();
    }

    private bool TryTakeArmedFailure(TopicPartition partition, out bool landAnyway)
    {
        if (_partitionFailures.TryGetValue(partition, out ProduceFailurePlan? ownPlan) && ownPlan.TryTake(out landAnyway))
        {
            return true;
        }

        if (_topicFailures.TryGetValue(partition.Topic, out ProduceFailurePlan? topicPlan) && topicPlan.TryTake(out landAnyway))
        {
            return true;
        }

        landAnyway = false;
        return false;
    }

    /// <summary>A new, empty partition of <paramref name="topic"/> (called once per partition, in creation order).</summary>
    private protected abstract LogPartitionRecords CreatePartition(string topic, int partition);

    private protected LogPartitionRecords? Find(TopicPartition partition)
    {
        if (partition.Topic is null || !_topics.TryGetValue(partition.Topic, out LogTopic? topic))
        {
            return null;
        }

        return (uint)partition.Partition < (uint)topic.Partitions.Length ? topic.Partitions[partition.Partition] : null;
    }

    private sealed class LogTopic
    {
        public LogTopic(string topic, int partitionCount, Func<string, int, LogPartitionRecords> create)
        {
            Partitions = new LogPartitionRecords[partitionCount];
            for (int i = 0; i < partitionCount; i++)
            {
                Partitions[i] = create(topic, i);
            }
        }

        public LogPartitionRecords[] Partitions { get; }
    }

    /// <summary>Pending failures for one target, used in the order they were armed.</summary>
    private sealed class ProduceFailurePlan
    {
        private readonly Queue<FailureBatch> _batches = new();

        public void Arm(int count, bool landAnyway) => _batches.Enqueue(new FailureBatch(count, landAnyway));

        public bool TryTake(out bool landAnyway)
        {
            if (!_batches.TryPeek(out FailureBatch? head))
            {
                landAnyway = false;
                return false;
            }

            landAnyway = head.LandAnyway;
            head.Remaining--;
            if (head.Remaining == 0)
            {
                _batches.Dequeue();
            }

            return true;
        }
    }

    private sealed class FailureBatch(int remaining, bool landAnyway)
    {
        public int Remaining { get; set; } = remaining;

        public bool LandAnyway { get; } = landAnyway;
    }
}

/// <summary>Counts for one log partition. <c>PresentRecords</c> excludes lost ones; corrupted ones are present.</summary>
public readonly record struct LogPartitionStats(long EndOffset, long PresentRecords, long LostRecords, long CorruptedRecords);
