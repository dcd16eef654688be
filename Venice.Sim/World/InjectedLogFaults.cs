using Venice.Core;
using Venice.Core.Messages;

namespace Venice.Sim.World;

/// <summary>
/// Which log records the simulation destroyed on purpose (lost or corrupted), so the DIV invariants can
/// tell an expected DIV error from a false one. Written only by the fault injector.
/// </summary>
public sealed class InjectedLogFaults
{
    private readonly SortedDictionary<string, SortedSet<long>> faulted = new(StringComparer.Ordinal);
    // Looked up, never enumerated.
    private readonly Dictionary<(string Partition, long Offset), (ProducerGuid Guid, int Segment)> lostFrom = new();
    private readonly HashSet<(string Partition, long Offset)> segmentStarts = new();

    /// <summary>A lost record, with the producer segment it belonged to (null when it did not decode).</summary>
    /// <param name="segmentStart">Whether the lost record was its segment's START_OF_SEGMENT.</param>
    public void RecordLoss(TopicPartition partition, long offset, (ProducerGuid Guid, int Segment)? segment, bool segmentStart = false)
    {
        Record(partition, offset);
        if (segment is { } s) lostFrom[(partition.ToString(), offset)] = s;
        if (segmentStart) segmentStarts.Add((partition.ToString(), offset));
    }

    /// <summary>Whether the record at <paramref name="offset"/> is a control message of <paramref name="type"/>.</summary>
    public static bool IsControl(Venice.Core.Log.ILog log, TopicPartition partition, long offset, ControlMessageType type)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.TryRead(partition, offset, out var entry) && entry.Offset == offset
               && RecordCodec.TryDecode(entry.Payload, out var record) == DecodeStatus.Ok && record.IsControl(type);
    }

    /// <summary>Whether the partition holds an END_OF_PUSH at an offset below <paramref name="offset"/>.</summary>
    public static bool EndOfPushBefore(Venice.Core.Log.ILog log, TopicPartition partition, long offset)
    {
        for (long at = 0; at < offset; at++)
        {
            if (IsControl(log, partition, at, ControlMessageType.EndOfPush)) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a record destroyed at or before <paramref name="offset"/> is one DIV can see by then: a
    /// corrupted record always is (its checksum or its decoding fails); a lost one only when a later record of
    /// the same producer segment, at or before <paramref name="offset"/>, shows the sequence gap. A lost
    /// final record of a segment (its END_OF_SEGMENT, say) leaves no trace in what follows, in Venice as here;
    /// nor does a lost START_OF_SEGMENT that comes after the partition's END_OF_PUSH, because after END_OF_PUSH
    /// DIV accepts an unknown producer's records as an unregistered segment (Venice's rule, docs/write-path.md §4).
    /// </summary>
    /// <param name="segmentAt">The producer segment of the record at an offset, or null when it is absent or does not decode.</param>
    /// <param name="endOfPushBefore">Whether the partition holds an END_OF_PUSH before an offset.</param>
    public bool AnyVisibleAtOrBefore(TopicPartition partition, long offset, Func<long, (ProducerGuid Guid, int Segment)?> segmentAt,
        Func<long, bool> endOfPushBefore)
    {
        ArgumentNullException.ThrowIfNull(segmentAt);
        ArgumentNullException.ThrowIfNull(endOfPushBefore);
        if (!faulted.TryGetValue(partition.ToString(), out var offsets)) return false;
        foreach (long faultedAt in offsets.GetViewBetween(long.MinValue, offset))
        {
            if (!lostFrom.TryGetValue((partition.ToString(), faultedAt), out var lost)) return true;
            if (segmentStarts.Contains((partition.ToString(), faultedAt)) && endOfPushBefore(faultedAt)) continue;
            for (long later = faultedAt + 1; later <= offset; later++)
            {
                if (segmentAt(later) == lost) return true;
            }
        }
        return false;
    }

    /// <summary>The producer segment of the record at <paramref name="offset"/>, or null when it is absent or does not decode.</summary>
    public static (ProducerGuid Guid, int Segment)? SegmentOf(Venice.Core.Log.ILog log, TopicPartition partition, long offset)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.TryRead(partition, offset, out var entry) && entry.Offset == offset
               && RecordCodec.TryDecode(entry.Payload, out var record) == DecodeStatus.Ok
            ? (record.Producer.Guid, record.Producer.Segment)
            : null;
    }

    public void Record(TopicPartition partition, long offset)
    {
        string key = partition.ToString();
        if (!faulted.TryGetValue(key, out var offsets))
        {
            offsets = new SortedSet<long>();
            faulted.Add(key, offsets);
        }
        offsets.Add(offset);
    }

    public bool Any(TopicPartition partition) => faulted.TryGetValue(partition.ToString(), out var offsets) && offsets.Count > 0;

    public bool AnyAtOrBefore(TopicPartition partition, long offset) =>
        faulted.TryGetValue(partition.ToString(), out var offsets) && offsets.Count > 0 && offsets.Min <= offset;

    public int Count => faulted.Values.Sum(o => o.Count);
}
