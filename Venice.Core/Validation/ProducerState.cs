using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// What a validator knows about one producer GUID on one partition: where it is in which segment and
/// the running checksum of that segment. Mutable and private to <see cref="PartitionTracker"/>; the
/// outside world sees <see cref="ProducerStateSnapshot"/>.
/// </summary>
internal sealed class ProducerState
{
    public int Segment { get; set; }

    public int Sequence { get; set; }

    /// <summary>Whether the current segment was opened by its START_OF_SEGMENT (false after a lenient resynchronisation mid-segment).</summary>
    public bool Registered { get; set; }

    /// <summary>Whether the current segment's END_OF_SEGMENT was accepted.</summary>
    public bool Ended { get; set; }

    public ChecksumType ChecksumType { get; set; }

    /// <summary>The running checksum of the current segment; null when it cannot be verified (see PartitionTracker).</summary>
    public ISegmentChecksum? Checksum { get; set; }

    public long LastTimestampMs { get; set; }

    /// <summary>Starts a segment at a START_OF_SEGMENT record.</summary>
    public void Open(in VeniceRecord startOfSegment)
    {
        Segment = startOfSegment.Producer.Segment;
        Sequence = startOfSegment.Producer.Sequence;
        LastTimestampMs = startOfSegment.Producer.TimestampMs;
        Registered = true;
        Ended = false;
        ChecksumType = startOfSegment.ChecksumType;
        Checksum = SegmentChecksums.TryCreate(startOfSegment.ChecksumType, out ISegmentChecksum? checksum) ? checksum : null;
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
