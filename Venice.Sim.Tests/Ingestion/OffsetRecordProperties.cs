using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Ingestion;
using Venice.Sim.Tests.Messages;

namespace Venice.Sim.Tests.Ingestion;

/// <summary>Round trip and rejection properties of the checkpoint's encoding.</summary>
[TestFixture]
public sealed class OffsetRecordProperties
{
    private static readonly Gen<OffsetRecord> AnyRecord =
        from vtOffset in CodecGenerators.Int64
        from endOfPush in CodecGenerators.Bool
        from topicSwitch in CodecGenerators.Bool
        from upstream in CodecGenerators.Int64
        from leaderTopic in Gen.OneOf(Gen.Constant<string?>(null), CodecGenerators.Text.Select(topic => (string?)topic))
        from leaderHost in CodecGenerators.Int32
        from producerStates in CodecGenerators.Bytes
        from rewind in CodecGenerators.Int64
        from ready in CodecGenerators.Bool
        from lag in CodecGenerators.Int64
        select new OffsetRecord(vtOffset, endOfPush, topicSwitch, upstream, leaderTopic, leaderHost, producerStates)
        {
            RewindStartTimestampMs = rewind,
            ReadyToServe = ready,
            OffsetLag = lag,
        };

    [Test]
    public void Any_checkpoint_decodes_to_what_was_encoded()
    {
        Prop.ForAll(Arb.From(AnyRecord), record =>
            OffsetRecord.TryDecode(record.Encode(), out OffsetRecord decoded)
            && decoded.ProducerStates.AsSpan().SequenceEqual(record.ProducerStates)
            // Record equality compares the ProducerStates array by reference; its bytes were compared above.
            && decoded with { ProducerStates = record.ProducerStates } == record)
            .Verify();
    }

    [Test]
    public void Every_strict_prefix_of_a_checkpoint_is_refused()
    {
        Prop.ForAll(Arb.From(AnyRecord), record =>
        {
            byte[] bytes = record.Encode();
            for (int length = 0; length < bytes.Length; length++)
            {
                if (OffsetRecord.TryDecode(bytes.AsSpan(0, length), out _)) return false;
            }
            return true;
        }).Verify(maxTest: 100);
    }

    [Test]
    public void Any_byte_string_decodes_to_a_checkpoint_or_a_refusal_and_never_throws()
    {
        // A version byte of 1 and a fixed part long enough get random bytes past the first check.
        Gen<byte[]> bytes = Gen.OneOf(
            CodecGenerators.Bytes,
            from rest in Gen.ArrayOf(CodecGenerators.Byte, 40)
            from tail in CodecGenerators.Bytes
            select (byte[])[1, .. rest, .. tail]);

        Prop.ForAll(Arb.From(bytes), input =>
        {
            bool decoded = OffsetRecord.TryDecode(input, out OffsetRecord record);
            return decoded || ReferenceEquals(record, OffsetRecord.Empty);
        }).Verify(maxTest: 1000);
    }

    [Test]
    public void Any_corruption_of_a_checkpoint_decodes_to_a_checkpoint_or_a_refusal_and_never_throws()
    {
        Gen<byte[]> corrupted =
            from record in AnyRecord
            let bytes = record.Encode()
            from position in Gen.Choose(0, bytes.Length - 1)
            from replacement in CodecGenerators.Byte
            select Replace(bytes, position, replacement);

        Prop.ForAll(Arb.From(corrupted), input =>
        {
            bool decoded = OffsetRecord.TryDecode(input, out OffsetRecord record);
            // A decoded corruption is still a checkpoint the encoder can write again.
            return !decoded || OffsetRecord.TryDecode(record.Encode(), out _);
        }).Verify(maxTest: 1000);
    }

    private static byte[] Replace(byte[] bytes, int position, byte replacement)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[position] = replacement;
        return copy;
    }
}
