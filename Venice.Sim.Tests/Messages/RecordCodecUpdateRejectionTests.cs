using System.Buffers;
using System.Buffers.Binary;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>
/// An UPDATE whose payload is not a partial update the leader could apply decodes as Malformed (a codec
/// error value the ingestion path turns into a DIV fault), and encoding refuses to write one. Offsets
/// follow RecordCodec.cs's layout for a record without leader metadata.
/// </summary>
[TestFixture]
public sealed class RecordCodecUpdateRejectionTests
{
    private const int PayloadLengthOffset = 36 + 4 + 7; // header, key length, "user-17"
    private const int UpdateOffsetOffset = PayloadLengthOffset + 4;

    [Test]
    public void An_update_payload_too_short_to_hold_its_offset_is_malformed()
    {
        byte[] bytes = UpdateWithRawPayload([1, 0, 0]);

        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_update_with_a_negative_offset_is_malformed()
    {
        byte[] bytes = SampleRecords.Update();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(UpdateOffsetOffset), -1);

        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_update_reaching_past_the_largest_value_is_malformed()
    {
        byte[] bytes = SampleRecords.Update();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(UpdateOffsetOffset), PartialUpdate.MaxValueBytes - 2);

        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed), "offset + 3 bytes > the maximum");
    }

    [Test]
    public void An_update_whose_offset_plus_length_overflows_an_int_is_malformed()
    {
        byte[] bytes = SampleRecords.Update();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(UpdateOffsetOffset), int.MaxValue);

        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_update_payload_longer_than_any_update_is_malformed_before_it_is_read()
    {
        byte[] bytes = SampleRecords.Update();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadLengthOffset), PartialUpdate.HeaderBytes + PartialUpdate.MaxValueBytes + 1);

        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_update_split_over_buffer_segments_is_checked_the_same()
    {
        byte[] bytes = SampleRecords.Update();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(UpdateOffsetOffset), -7);

        Assert.That(RecordCodec.TryDecode(ChunkedSequence.Split(bytes, 1), out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void Encoding_an_update_with_a_malformed_payload_is_refused()
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.That(() => RecordCodec.EncodeUpdate(writer, SampleRecords.Producer, null, SampleRecords.Key, [1, 2]),
            Throws.ArgumentException);
        Assert.That(writer.WrittenCount, Is.Zero);
    }

    /// <summary>A well-formed UPDATE, then its payload replaced by arbitrary bytes (with the right length prefix).</summary>
    private static byte[] UpdateWithRawPayload(byte[] payload)
    {
        byte[] header = SampleRecords.Update()[..PayloadLengthOffset];
        var bytes = new byte[header.Length + 4 + payload.Length];
        header.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header.Length), payload.Length);
        payload.CopyTo(bytes, header.Length + 4);
        return bytes;
    }
}
