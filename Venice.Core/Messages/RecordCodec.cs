// Wire layout of one log record (all integers little endian; lengths are int32 and never negative).
//
//   offset  size  field
//   0       1     magic                    0x56 ('V')
//   1       1     format version           1
//   2       1     message type             MessageType: PUT 0, DELETE 1, CONTROL 2, UPDATE 3
//   3       16    producer GUID            High (uint64), then Low (uint64)
//   19      4     producer segment         int32
//   23      4     producer sequence        int32
//   27      8     producer timestamp (ms)  int64
//   35      1     leader flag              0 = no leader metadata, 1 = leader metadata follows
//   36      20    leader metadata          only when the flag is 1: hostId int32, upstreamOffset int64, term int64
//   then the payload of the message type:
//     PUT      keyLength int32, key bytes, valueLength int32, value bytes
//     DELETE   keyLength int32, key bytes
//     UPDATE   keyLength int32, key bytes, payloadLength int32, payload bytes (PartialUpdate's layout:
//              offset int32, then the bytes to write; a payload PartialUpdate rejects is malformed)
//     CONTROL  control type (1 byte, ControlMessageType), then
//       START_OF_PUSH, END_OF_PUSH   nothing
//       START_OF_SEGMENT             checksum type (1 byte)
//       END_OF_SEGMENT               checksum type (1 byte), checksumLength int32 (<= 16), checksum bytes,
//                                    final-segment flag (1 byte, 0 or 1)
//       TOPIC_SWITCH                 topicLength int32 (<= 249, Kafka's limit), topic (UTF-8), rewindStartTimestampMs int64
//
// A record is exactly one log entry: bytes left over after the payload make it malformed, so a
// corrupted length cannot silently be read as a shorter, valid record.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Venice.Core.Messages;

/// <summary>What <see cref="RecordCodec.TryDecode"/> made of a buffer.</summary>
public enum DecodeStatus
{
    Ok,
    /// <summary>The buffer ends before the record does.</summary>
    Truncated,
    /// <summary>The bytes are not a record: bad magic or version, an unknown type, a bad length or flag, trailing bytes.</summary>
    Malformed,
}

/// <summary>
/// Encodes records into the log's wire format and decodes them back without copying: a decoded
/// <see cref="VeniceRecord"/> holds slices of the buffer it was decoded from.
/// </summary>
public static class RecordCodec
{
    public const byte Magic = 0x56;
    public const byte FormatVersion = 1;

    /// <summary>The largest checksum any <see cref="ChecksumType"/> produces (MD5 and ADHASH: 128 bits).</summary>
    public const int MaxChecksumBytes = 16;

    /// <summary>Kafka's limit on a topic name; it also bounds the stack buffer the decoder uses for it.</summary>
    public const int MaxTopicNameBytes = 249;

    private const int HeaderBytes = 1 + 1 + 1 + 16 + 4 + 4 + 8 + 1;
    private const int LeaderMetadataBytes = 4 + 8 + 8;
    private const int LengthPrefixBytes = 4;

    public static void EncodePut(
        IBufferWriter<byte> writer, in ProducerMetadata producer, LeaderMetadata? leader,
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int length = HeaderLength(leader) + LengthPrefixBytes + key.Length + LengthPrefixBytes + value.Length;
        Span<byte> span = writer.GetSpan(length);
        int position = WriteHeader(span, MessageType.Put, producer, leader);
        position = WriteBlock(span, position, key);
        position = WriteBlock(span, position, value);
        writer.Advance(position);
    }

    public static void EncodeDelete(
        IBufferWriter<byte> writer, in ProducerMetadata producer, LeaderMetadata? leader, ReadOnlySpan<byte> key)
    {
        int length = HeaderLength(leader) + LengthPrefixBytes + key.Length;
        Span<byte> span = writer.GetSpan(length);
        int position = WriteHeader(span, MessageType.Delete, producer, leader);
        position = WriteBlock(span, position, key);
        writer.Advance(position);
    }

    /// <summary>An UPDATE: <paramref name="payload"/> is a partial update in <see cref="PartialUpdate"/>'s layout.</summary>
    /// <exception cref="ArgumentException">The payload is not a well-formed partial update: it would not decode.</exception>
    public static void EncodeUpdate(
        IBufferWriter<byte> writer, in ProducerMetadata producer, LeaderMetadata? leader,
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        if (!PartialUpdate.IsWellFormed(payload))
        {
            throw new ArgumentException("Not a well-formed partial update payload.", nameof(payload));
        }
        int length = HeaderLength(leader) + LengthPrefixBytes + key.Length + LengthPrefixBytes + payload.Length;
        Span<byte> span = writer.GetSpan(length);
        int position = WriteHeader(span, MessageType.Update, producer, leader);
        position = WriteBlock(span, position, key);
        position = WriteBlock(span, position, payload);
        writer.Advance(position);
    }

    /// <exception cref="ArgumentException">The payload cannot be encoded (unknown control type, checksum or topic too long).</exception>
    public static void EncodeControl(
        IBufferWriter<byte> writer, in ProducerMetadata producer, LeaderMetadata? leader, in ControlPayload control)
    {
        int length = HeaderLength(leader) + 1 + ControlBodyLength(control);
        Span<byte> span = writer.GetSpan(length);
        int position = WriteHeader(span, MessageType.Control, producer, leader);
        span[position++] = (byte)control.Type;
        switch (control.Type)
        {
            case ControlMessageType.StartOfPush:
            case ControlMessageType.EndOfPush:
            case ControlMessageType.DeclarationOfLeadership:
                break;
            case ControlMessageType.StartOfSegment:
                span[position++] = (byte)control.ChecksumType;
                break;
            case ControlMessageType.EndOfSegment:
                span[position++] = (byte)control.ChecksumType;
                position = WriteBlock(span, position, control.Checksum);
                span[position++] = control.FinalSegment ? (byte)1 : (byte)0;
                break;
            case ControlMessageType.TopicSwitch:
                int topicBytes = Encoding.UTF8.GetBytes(
                    control.TopicSwitchSourceTopic.AsSpan(), span[(position + LengthPrefixBytes)..]);
                BinaryPrimitives.WriteInt32LittleEndian(span[position..], topicBytes);
                position += LengthPrefixBytes + topicBytes;
                BinaryPrimitives.WriteInt64LittleEndian(span[position..], control.RewindStartTimestampMs);
                position += 8;
                break;
        }
        writer.Advance(position);
    }

    /// <summary>
    /// Decodes exactly one record from <paramref name="buffer"/>. Never throws: whatever the bytes,
    /// the answer is a status. Allocates nothing, except the topic name of a TopicSwitch.
    /// </summary>
    public static DecodeStatus TryDecode(in ReadOnlySequence<byte> buffer, out VeniceRecord record)
    {
        record = Decode(buffer, out DecodeStatus status);
        return status;
    }

    /// <summary>
    /// <see cref="TryDecode"/> with the record returned and the status written out: the same decoding,
    /// cheaper on the ingestion hot loop. VeniceRecord is a large struct of object references; a
    /// returned struct is built in the caller's stack frame, while one written through an out
    /// parameter (which may point into the heap) is copied with a write-barriered bulk move, and
    /// profiling showed that copy costing a third of decoding. Returns default unless the status is Ok.
    /// </summary>
    public static VeniceRecord Decode(in ReadOnlySequence<byte> buffer, out DecodeStatus status)
    {
        status = TryDecodeParts(buffer, out Header header, out Body body);
        if (status != DecodeStatus.Ok) return default;
        return new VeniceRecord
        {
            Type = header.Type,
            Producer = header.Producer,
            HasLeaderMetadata = header.HasLeaderMetadata,
            Leader = header.Leader,
            ControlType = body.ControlType,
            Key = body.Key,
            Value = body.Value,
            ChecksumType = body.ChecksumType,
            Checksum = body.Checksum,
            FinalSegment = body.FinalSegment,
            TopicSwitchSourceTopic = body.TopicSwitchSourceTopic,
            RewindStartTimestampMs = body.RewindStartTimestampMs,
        };
    }

    private static DecodeStatus TryDecodeParts(in ReadOnlySequence<byte> buffer, out Header header, out Body body)
    {
        header = default;
        body = new Body { RewindStartTimestampMs = ControlPayload.NoRewindTimestampMs };
        var reader = new SequenceReader<byte>(buffer);

        if (!reader.TryRead(out byte magic)) return DecodeStatus.Truncated;
        if (magic != Magic) return DecodeStatus.Malformed;
        if (!reader.TryRead(out byte version)) return DecodeStatus.Truncated;
        if (version != FormatVersion) return DecodeStatus.Malformed;
        if (!reader.TryRead(out byte typeByte)) return DecodeStatus.Truncated;
        if (typeByte > (byte)MessageType.Update) return DecodeStatus.Malformed;
        var type = (MessageType)typeByte;

        if (!reader.TryReadLittleEndian(out long guidHigh)
            || !reader.TryReadLittleEndian(out long guidLow)
            || !reader.TryReadLittleEndian(out int segment)
            || !reader.TryReadLittleEndian(out int sequence)
            || !reader.TryReadLittleEndian(out long timestampMs))
        {
            return DecodeStatus.Truncated;
        }
        var producer = new ProducerMetadata(
            new ProducerGuid(unchecked((ulong)guidHigh), unchecked((ulong)guidLow)), segment, sequence, timestampMs);

        DecodeStatus status = TryReadFlag(ref reader, out bool hasLeader);
        if (status != DecodeStatus.Ok) return status;
        LeaderMetadata leader = default;
        if (hasLeader)
        {
            if (!reader.TryReadLittleEndian(out int hostId)
                || !reader.TryReadLittleEndian(out long upstreamOffset)
                || !reader.TryReadLittleEndian(out long term))
            {
                return DecodeStatus.Truncated;
            }
            leader = new LeaderMetadata(hostId, upstreamOffset, term);
        }

        status = type switch
        {
            MessageType.Put => TryDecodePut(ref reader, ref body),
            MessageType.Delete => TryDecodeDelete(ref reader, ref body),
            MessageType.Update => TryDecodeUpdate(ref reader, ref body),
            _ => TryDecodeControl(ref reader, ref body),
        };
        if (status != DecodeStatus.Ok) return status;
        if (!reader.End) return DecodeStatus.Malformed;
        header = new Header(type, producer, hasLeader, leader);
        return DecodeStatus.Ok;
    }

    /// <summary>The fields every record carries, as TryDecodeParts reads them.</summary>
    private readonly record struct Header(MessageType Type, ProducerMetadata Producer, bool HasLeaderMetadata, LeaderMetadata Leader);

    /// <summary>The type-specific part of a record, as the body decoders read it; only TryDecode builds the record.</summary>
    private struct Body
    {
        public ControlMessageType ControlType;
        public ReadOnlySequence<byte> Key;
        public ReadOnlySequence<byte> Value;
        public ChecksumType ChecksumType;
        public ReadOnlySequence<byte> Checksum;
        public bool FinalSegment;
        public string? TopicSwitchSourceTopic;
        public long RewindStartTimestampMs;
    }

    private static DecodeStatus TryDecodePut(ref SequenceReader<byte> reader, ref Body body)
    {
        DecodeStatus status = TryReadBlock(ref reader, int.MaxValue, out body.Key);
        if (status != DecodeStatus.Ok) return status;
        return TryReadBlock(ref reader, int.MaxValue, out body.Value);
    }

    private static DecodeStatus TryDecodeDelete(ref SequenceReader<byte> reader, ref Body body) =>
        TryReadBlock(ref reader, int.MaxValue, out body.Key);

    private static DecodeStatus TryDecodeUpdate(ref SequenceReader<byte> reader, ref Body body)
    {
        DecodeStatus status = TryReadBlock(ref reader, int.MaxValue, out body.Key);
        if (status != DecodeStatus.Ok) return status;
        status = TryReadBlock(ref reader, PartialUpdate.HeaderBytes + PartialUpdate.MaxValueBytes, out body.Value);
        if (status != DecodeStatus.Ok) return status;
        // Validated here, so nothing downstream ever meets an update it cannot apply: a corrupt payload
        // is a codec error value (Malformed), like any other corrupt record.
        var payloadReader = new SequenceReader<byte>(body.Value);
        if (!payloadReader.TryReadLittleEndian(out int offset) || !PartialUpdate.FitsBounds(offset, payloadReader.Remaining))
        {
            return DecodeStatus.Malformed;
        }
        return DecodeStatus.Ok;
    }

    private static DecodeStatus TryDecodeControl(ref SequenceReader<byte> reader, ref Body body)
    {
        if (!reader.TryRead(out byte controlByte)) return DecodeStatus.Truncated;
        var controlType = (ControlMessageType)controlByte;
        body.ControlType = controlType;
        DecodeStatus status;
        switch (controlType)
        {
            case ControlMessageType.StartOfPush:
            case ControlMessageType.EndOfPush:
            case ControlMessageType.DeclarationOfLeadership:
                return DecodeStatus.Ok;

            case ControlMessageType.StartOfSegment:
                return TryReadChecksumType(ref reader, out body.ChecksumType);

            case ControlMessageType.EndOfSegment:
                status = TryReadChecksumType(ref reader, out body.ChecksumType);
                if (status != DecodeStatus.Ok) return status;
                status = TryReadBlock(ref reader, MaxChecksumBytes, out body.Checksum);
                if (status != DecodeStatus.Ok) return status;
                return TryReadFlag(ref reader, out body.FinalSegment);

            case ControlMessageType.TopicSwitch:
            {
                status = TryReadBlock(ref reader, MaxTopicNameBytes, out ReadOnlySequence<byte> topicBytes);
                if (status != DecodeStatus.Ok) return status;
                if (!reader.TryReadLittleEndian(out body.RewindStartTimestampMs)) return DecodeStatus.Truncated;
                if (!TryDecodeUtf8(topicBytes, out body.TopicSwitchSourceTopic)) return DecodeStatus.Malformed;
                return DecodeStatus.Ok;
            }

            default:
                return DecodeStatus.Malformed;
        }
    }

    private static DecodeStatus TryReadBlock(
        ref SequenceReader<byte> reader, int maxLength, out ReadOnlySequence<byte> block)
    {
        block = default;
        if (!reader.TryReadLittleEndian(out int length)) return DecodeStatus.Truncated;
        if (length < 0 || length > maxLength) return DecodeStatus.Malformed;
        return reader.TryReadExact(length, out block) ? DecodeStatus.Ok : DecodeStatus.Truncated;
    }

    private static DecodeStatus TryReadFlag(ref SequenceReader<byte> reader, out bool flag)
    {
        flag = false;
        if (!reader.TryRead(out byte value)) return DecodeStatus.Truncated;
        if (value > 1) return DecodeStatus.Malformed;
        flag = value == 1;
        return DecodeStatus.Ok;
    }

    private static DecodeStatus TryReadChecksumType(ref SequenceReader<byte> reader, out ChecksumType checksumType)
    {
        checksumType = ChecksumType.None;
        if (!reader.TryRead(out byte value)) return DecodeStatus.Truncated;
        if (value > (byte)ChecksumType.AdHash) return DecodeStatus.Malformed;
        checksumType = (ChecksumType)value;
        return DecodeStatus.Ok;
    }

    private static bool TryDecodeUtf8(in ReadOnlySequence<byte> bytes, out string? text)
    {
        // The length was bounded by MaxTopicNameBytes before we got here, so the stack buffer is small.
        Span<byte> contiguous = stackalloc byte[MaxTopicNameBytes];
        contiguous = contiguous[..(int)bytes.Length];
        bytes.CopyTo(contiguous);
        if (!Utf8.IsValid(contiguous))
        {
            text = null;
            return false;
        }
        text = Encoding.UTF8.GetString(contiguous);
        return true;
    }

    private static int HeaderLength(LeaderMetadata? leader) =>
        HeaderBytes + (leader.HasValue ? LeaderMetadataBytes : 0);

    private static int ControlBodyLength(in ControlPayload control)
    {
        switch (control.Type)
        {
            case ControlMessageType.StartOfPush:
            case ControlMessageType.EndOfPush:
            case ControlMessageType.DeclarationOfLeadership:
                return 0;
            case ControlMessageType.StartOfSegment:
                return 1;
            case ControlMessageType.EndOfSegment:
                int checksumLength = control.Checksum?.Length ?? 0;
                if (checksumLength > MaxChecksumBytes)
                {
                    throw new ArgumentException(
                        $"A checksum has at most {MaxChecksumBytes} bytes, got {checksumLength}.", nameof(control));
                }
                return 1 + LengthPrefixBytes + checksumLength + 1;
            case ControlMessageType.TopicSwitch:
                string topic = control.TopicSwitchSourceTopic
                    ?? throw new ArgumentException("A TopicSwitch needs a source topic.", nameof(control));
                int topicBytes = Encoding.UTF8.GetByteCount(topic);
                if (topicBytes > MaxTopicNameBytes)
                {
                    throw new ArgumentException(
                        $"A topic name has at most {MaxTopicNameBytes} UTF-8 bytes, got {topicBytes}.", nameof(control));
                }
                return LengthPrefixBytes + topicBytes + 8;
            default:
                throw new ArgumentException($"Control message type {control.Type} is not supported.", nameof(control));
        }
    }

    private static int WriteHeader(Span<byte> span, MessageType type, in ProducerMetadata producer, LeaderMetadata? leader)
    {
        span[0] = Magic;
        span[1] = FormatVersion;
        span[2] = (byte)type;
        BinaryPrimitives.WriteUInt64LittleEndian(span[3..], producer.Guid.High);
        BinaryPrimitives.WriteUInt64LittleEndian(span[11..], producer.Guid.Low);
        BinaryPrimitives.WriteInt32LittleEndian(span[19..], producer.Segment);
        BinaryPrimitives.WriteInt32LittleEndian(span[23..], producer.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(span[27..], producer.TimestampMs);
        if (leader is not { } metadata)
        {
            span[35] = 0;
            return HeaderBytes;
        }
        span[35] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(span[36..], metadata.HostId);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], metadata.UpstreamOffset);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], metadata.Term);
        return HeaderBytes + LeaderMetadataBytes;
    }

    private static int WriteBlock(Span<byte> span, int position, ReadOnlySpan<byte> block)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[position..], block.Length);
        position += LengthPrefixBytes;
        block.CopyTo(span[position..]);
        return position + block.Length;
    }
}
