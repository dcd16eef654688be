using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>
/// Round-trip properties of the record codec over arbitrary records of every message type, and the
/// rejection property over arbitrary bytes. The example-based tests pin the layout; these look for
/// the field values and lengths nobody thought to write down.
/// </summary>
[TestFixture]
public sealed class RecordCodecProperties
{
    [Test]
    public void Any_record_decodes_to_what_was_encoded()
    {
        Prop.ForAll(Arb.From(AnyRecord), record =>
        {
            byte[] bytes = record.Encode();
            DecodeStatus status = RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out VeniceRecord decoded);
            return status == DecodeStatus.Ok && record.Matches(decoded);
        }).Verify();
    }

    [Test]
    public void Any_record_split_over_buffer_segments_decodes_to_what_was_encoded()
    {
        Prop.ForAll(Arb.From(AnyRecord.Zip(Gen.Choose(1, 9))), input =>
        {
            var (record, chunkBytes) = input;
            DecodeStatus status = RecordCodec.TryDecode(ChunkedSequence.Split(record.Encode(), chunkBytes), out VeniceRecord decoded);
            return status == DecodeStatus.Ok && record.Matches(decoded);
        }).Verify();
    }

    [Test]
    public void Re_encoding_a_decoded_record_gives_back_the_same_bytes()
    {
        // The encoding is canonical: one record, one byte string. A trace hash or a checksum over
        // re-encoded records depends on it.
        Prop.ForAll(Arb.From(AnyRecord), record =>
        {
            byte[] bytes = record.Encode();
            RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out VeniceRecord decoded);
            return EncodedRecord.From(decoded).Encode().AsSpan().SequenceEqual(bytes);
        }).Verify();
    }

    [Test]
    public void Every_strict_prefix_of_a_record_is_truncated()
    {
        Prop.ForAll(Arb.From(AnyRecord), record =>
        {
            byte[] bytes = record.Encode();
            for (int length = 0; length < bytes.Length; length++)
            {
                if (RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes, 0, length), out _) != DecodeStatus.Truncated) return false;
            }
            return true;
        }).Verify(maxTest: 100);
    }

    [Test]
    public void A_record_followed_by_any_bytes_is_malformed()
    {
        Prop.ForAll(Arb.From(AnyRecord.Zip(Gen.NonEmptyListOf(CodecGenerators.Byte))), input =>
        {
            var (record, trailing) = input;
            byte[] bytes = [.. record.Encode(), .. trailing];
            return RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out _) == DecodeStatus.Malformed;
        }).Verify();
    }

    [Test]
    public void Arbitrary_bytes_after_a_valid_header_decode_to_a_status_and_never_throw()
    {
        // Random bytes almost never pass the magic byte; a real header sends them into the payload decoders.
        Gen<byte[]> afterHeader =
            from type in Gen.Choose(0, 4)
            from hasLeader in Gen.Choose(0, 2)
            from rest in CodecGenerators.Bytes
            select (byte[])[RecordCodec.Magic, RecordCodec.FormatVersion, (byte)type, .. new byte[32], (byte)hasLeader, .. rest];

        Prop.ForAll(Arb.From(afterHeader.Zip(Gen.Choose(1, 9))), input =>
        {
            var (bytes, chunkBytes) = input;
            DecodeStatus contiguous = RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out _);
            DecodeStatus chunked = RecordCodec.TryDecode(ChunkedSequence.Split(bytes, chunkBytes), out _);
            return Enum.IsDefined(contiguous) && contiguous == chunked;
        }).Verify(maxTest: 1000);
    }

    private static readonly Gen<EncodedRecord> AnyRecord = Gen.OneOf(
        from producer in CodecGenerators.Producer
        from leader in CodecGenerators.Leader
        from key in CodecGenerators.Bytes
        from value in CodecGenerators.Bytes
        select new EncodedRecord(MessageType.Put, producer, leader, key, value, default),
        from producer in CodecGenerators.Producer
        from leader in CodecGenerators.Leader
        from key in CodecGenerators.Bytes
        select new EncodedRecord(MessageType.Delete, producer, leader, key, [], default),
        from producer in CodecGenerators.Producer
        from leader in CodecGenerators.Leader
        from key in CodecGenerators.Bytes
        from update in CodecGenerators.PartialUpdateParts
        select new EncodedRecord(MessageType.Update, producer, leader, key, PartialUpdate.Encode(update.Offset, update.Bytes), default),
        from producer in CodecGenerators.Producer
        from leader in CodecGenerators.Leader
        from control in CodecGenerators.Control
        select new EncodedRecord(MessageType.Control, producer, leader, [], [], control));

    /// <summary>A record as a producer hands it to the encoder; Value is the update payload for an UPDATE.</summary>
    private sealed record EncodedRecord(
        MessageType Type, ProducerMetadata Producer, LeaderMetadata? Leader, byte[] Key, byte[] Value, ControlPayload Control)
    {
        public byte[] Encode()
        {
            var writer = new ArrayBufferWriter<byte>();
            switch (Type)
            {
                case MessageType.Put: RecordCodec.EncodePut(writer, Producer, Leader, Key, Value); break;
                case MessageType.Delete: RecordCodec.EncodeDelete(writer, Producer, Leader, Key); break;
                case MessageType.Update: RecordCodec.EncodeUpdate(writer, Producer, Leader, Key, Value); break;
                default: RecordCodec.EncodeControl(writer, Producer, Leader, Control); break;
            }
            return writer.WrittenSpan.ToArray();
        }

        public static EncodedRecord From(in VeniceRecord decoded) => new(
            decoded.Type,
            decoded.Producer,
            decoded.HasLeaderMetadata ? decoded.Leader : null,
            decoded.Key.ToArray(),
            decoded.Value.ToArray(),
            decoded.Type == MessageType.Control ? ControlOf(decoded) : default);

        public bool Matches(in VeniceRecord decoded) =>
            decoded.Type == Type
            && decoded.Producer == Producer
            && decoded.HasLeaderMetadata == Leader.HasValue
            && (!Leader.HasValue || decoded.Leader == Leader.Value)
            && decoded.Key.ToArray().AsSpan().SequenceEqual(Key)
            && decoded.Value.ToArray().AsSpan().SequenceEqual(Value)
            && (Type != MessageType.Control || SameControl(ControlOf(decoded), Control));

        private static ControlPayload ControlOf(in VeniceRecord decoded) => new(
            decoded.ControlType, decoded.ChecksumType, decoded.Checksum.ToArray(), decoded.FinalSegment,
            decoded.TopicSwitchSourceTopic, decoded.RewindStartTimestampMs);

        private static bool SameControl(ControlPayload left, ControlPayload right) =>
            left.Type == right.Type
            && left.ChecksumType == right.ChecksumType
            && (left.Checksum ?? []).AsSpan().SequenceEqual(right.Checksum ?? [])
            && left.FinalSegment == right.FinalSegment
            && left.TopicSwitchSourceTopic == right.TopicSwitchSourceTopic
            && left.RewindStartTimestampMs == right.RewindStartTimestampMs;
    }
}
