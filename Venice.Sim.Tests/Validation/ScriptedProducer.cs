using System.Buffers;
using System.Text;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

/// <summary>
/// Builds decoded records the way a well-behaved producer would (next sequence numbers, running
/// checksum), so a test can then drop, repeat or reorder them. <see cref="At"/> builds any record by hand.
/// </summary>
internal sealed class ScriptedProducer
{
    private ISegmentChecksum checksum;

    public ScriptedProducer(ProducerGuid guid, ChecksumType checksumType = ChecksumType.AdHash)
    {
        Guid = guid;
        ChecksumType = checksumType;
        checksum = NewChecksum();
    }

    public ProducerGuid Guid { get; }

    public ChecksumType ChecksumType { get; }

    public int Segment { get; private set; }

    public int Sequence { get; private set; }

    public long NowMs { get; set; } = 1_000;

    public VeniceRecord StartSegment()
    {
        Sequence = 0;
        checksum = NewChecksum();
        return Record(MessageType.Control) with
        {
            ControlType = ControlMessageType.StartOfSegment,
            ChecksumType = ChecksumType,
        };
    }

    public VeniceRecord Put(string key, string value)
    {
        Sequence++;
        checksum.UpdateRecord(MessageType.Put, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
        return Record(MessageType.Put) with { Key = Bytes(key), Value = Bytes(value) };
    }

    public VeniceRecord Delete(string key)
    {
        Sequence++;
        checksum.UpdateRecord(MessageType.Delete, Encoding.UTF8.GetBytes(key), []);
        return Record(MessageType.Delete) with { Key = Bytes(key) };
    }

    public VeniceRecord Control(ControlMessageType type)
    {
        Sequence++;
        return Record(MessageType.Control) with { ControlType = type };
    }

    /// <summary>The checksum of the segment's data records so far.</summary>
    public byte[] RunningChecksum() => checksum.Finish();

    /// <summary>END_OF_SEGMENT with the right checksum; the next segment is numbered one higher.</summary>
    public VeniceRecord EndSegment() => EndSegmentWith(checksum.Finish());

    /// <summary>END_OF_SEGMENT claiming <paramref name="claimedChecksum"/>.</summary>
    public VeniceRecord EndSegmentWith(byte[] claimedChecksum, ChecksumType? claimedType = null)
    {
        Sequence++;
        VeniceRecord endOfSegment = Record(MessageType.Control) with
        {
            ControlType = ControlMessageType.EndOfSegment,
            ChecksumType = claimedType ?? ChecksumType,
            Checksum = new ReadOnlySequence<byte>(claimedChecksum),
        };
        Segment++;
        return endOfSegment;
    }

    /// <summary>Any record, with the producer metadata given.</summary>
    public static VeniceRecord At(ProducerGuid guid, int segment, int sequence, MessageType type = MessageType.Put,
        ControlMessageType controlType = ControlMessageType.StartOfPush, ChecksumType checksumType = ChecksumType.AdHash) =>
        new()
        {
            Type = type,
            ControlType = controlType,
            ChecksumType = checksumType,
            Producer = new ProducerMetadata(guid, segment, sequence, 1_000),
            Key = type == MessageType.Control ? ReadOnlySequence<byte>.Empty : Bytes("k"),
            Value = type == MessageType.Put ? Bytes("v") : ReadOnlySequence<byte>.Empty,
            RewindStartTimestampMs = -1,
        };

    private VeniceRecord Record(MessageType type) => new()
    {
        Type = type,
        Producer = new ProducerMetadata(Guid, Segment, Sequence, NowMs),
        RewindStartTimestampMs = -1,
    };

    private ISegmentChecksum NewChecksum()
    {
        // ADLER32 cannot be computed; such a producer claims an arbitrary checksum, which validators never check.
        if (SegmentChecksums.TryCreate(ChecksumType, out ISegmentChecksum? created)) return created;
        return new NoChecksum();
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
