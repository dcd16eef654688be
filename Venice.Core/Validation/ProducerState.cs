using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// What a validator knows about one producer GUID on one partition: Venice's Segment, the producer's
/// current segment with its sequence number, status flags and running checksum. Mutable and private to
/// <see cref="PartitionTracker"/>; the outside world sees <see cref="ProducerStateSnapshot"/>.
/// </summary>
internal sealed class ProducerState
{
    public int Segment { get; set; }

    public int Sequence { get; set; }

    /// <summary>Whether a START_OF_SEGMENT opened the current segment (Venice's registered segment).</summary>
    public bool Registered { get; set; }

    /// <summary>
    /// Whether the segment has taken a record past the one that opened it. Venice opens a segment at the
    /// opening record's sequence number and counts it started when that is above 0; a segment not started
    /// takes any sequence number next.
    /// </summary>
    public bool Started { get; set; }

    /// <summary>Whether the current segment's END_OF_SEGMENT was taken.</summary>
    public bool Ended { get; set; }

    /// <summary>
    /// True from the opening of a segment until a record of it validates: a record with the opening
    /// record's sequence number is then not a duplicate. Not checkpointed (Venice restores it false).
    /// </summary>
    public bool NewSegment { get; set; }

    /// <summary>
    /// Whether this segment's checksum was finalised at its END_OF_SEGMENT: Venice's checksums then refuse
    /// another record (IncomingDataAfterSegmentEndedException). Not checkpointed and not cloned: a restored
    /// or copied checksum is writable again. Never set for NONE (Venice keeps no checksum object for it).
    /// </summary>
    public bool ChecksumFinalized { get; set; }

    public ChecksumType ChecksumType { get; set; }

    /// <summary>The running checksum of the current segment; null when it cannot be verified (see PartitionTracker).</summary>
    public ISegmentChecksum? Checksum { get; set; }

    public long LastTimestampMs { get; set; }

    /// <summary>
    /// Starts a segment at <paramref name="record"/>, as Venice's initializeNewSegment does: registered with
    /// the checksum type a START_OF_SEGMENT names; any other record opens an unregistered segment with no
    /// checksum (NONE, empty state).
    /// </summary>
    public void Open(in VeniceRecord record)
    {
        Segment = record.Producer.Segment;
        Sequence = record.Producer.Sequence;
        LastTimestampMs = record.Producer.TimestampMs;
        Started = record.Producer.Sequence > 0;
        Ended = false;
        NewSegment = true;
        ChecksumFinalized = false;
        Registered = record.IsControl(ControlMessageType.StartOfSegment);
        ChecksumType = Registered ? record.ChecksumType : ChecksumType.None;
        Checksum = Registered && SegmentChecksums.TryCreate(record.ChecksumType, out ISegmentChecksum? checksum) ? checksum : null;
    }

    public ProducerState Clone()
    {
        // MD5 and CRC32 cannot be copied mid-segment: the copy carries on unverifiable (see PartitionTracker).
        ISegmentChecksum? checksum = null;
        Checksum?.TryClone(out checksum);
        return new ProducerState
        {
            Segment = Segment,
            Sequence = Sequence,
            Registered = Registered,
            Started = Started,
            Ended = Ended,
            ChecksumType = ChecksumType,
            Checksum = checksum,
            LastTimestampMs = LastTimestampMs,
        };
    }

    public ProducerStateSnapshot Snapshot() =>
        new(Segment, Sequence, Registered, Ended, ChecksumType, Checksum is not null, LastTimestampMs);
}

/// <summary>A read-only view of one producer's DIV state, for tests, traces and reports.</summary>
public readonly record struct ProducerStateSnapshot(
    int Segment,
    int Sequence,
    bool Registered,
    bool Ended,
    ChecksumType ChecksumType,
    bool ChecksumVerifiable,
    long LastTimestampMs);
