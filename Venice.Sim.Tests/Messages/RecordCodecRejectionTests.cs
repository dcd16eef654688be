using System.Buffers.Binary;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>Offsets below follow the layout documented at the top of RecordCodec.cs (records without leader metadata).</summary>
[TestFixture]
public sealed class RecordCodecRejectionTests
{
    private const int TypeOffset = 2;
    private const int LeaderFlagOffset = 35;
    private const int PayloadOffset = 36;

    [Test]
    public void An_empty_buffer_is_truncated()
    {
        Assert.That(SampleRecords.Decode([], out _), Is.EqualTo(DecodeStatus.Truncated));
    }

    [Test]
    public void Every_proper_prefix_of_a_record_is_truncated()
    {
        foreach (byte[] bytes in SampleRecords.All())
        {
            for (int length = 0; length < bytes.Length; length++)
            {
                Assert.That(SampleRecords.Decode(bytes[..length], out _), Is.EqualTo(DecodeStatus.Truncated),
                    $"prefix of {length} of {bytes.Length} bytes");
            }
        }
    }

    [Test]
    public void A_wrong_magic_byte_is_malformed()
    {
        byte[] bytes = SampleRecords.Put();
        bytes[0] = 0x00;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_unknown_format_version_is_malformed()
    {
        byte[] bytes = SampleRecords.Put();
        bytes[1] = RecordCodec.FormatVersion + 1;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_unknown_message_type_is_malformed()
    {
        byte[] bytes = SampleRecords.Put();
        bytes[TypeOffset] = (byte)MessageType.Update + 1;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void A_leader_flag_other_than_zero_or_one_is_malformed()
    {
        byte[] bytes = SampleRecords.Put();
        bytes[LeaderFlagOffset] = 2;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void A_negative_key_length_is_malformed()
    {
        byte[] bytes = SampleRecords.Put();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset), -1);
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void A_length_past_the_end_of_the_buffer_is_truncated()
    {
        byte[] bytes = SampleRecords.Delete();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset), SampleRecords.Key.Length + 1);
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Truncated));
    }

    [Test]
    public void Trailing_bytes_after_the_record_are_malformed()
    {
        foreach (byte[] bytes in SampleRecords.All())
        {
            Assert.That(SampleRecords.Decode([.. bytes, 0], out _), Is.EqualTo(DecodeStatus.Malformed));
        }
    }

    [Test]
    public void A_length_shorter_than_the_field_leaves_trailing_bytes_and_is_malformed()
    {
        byte[] bytes = SampleRecords.Delete();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset), SampleRecords.Key.Length - 1);
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_unknown_control_message_type_is_malformed()
    {
        byte[] bytes = SampleRecords.Control(ControlPayload.StartOfPush());
        bytes[PayloadOffset] = 4;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_unknown_checksum_type_is_malformed()
    {
        byte[] bytes = SampleRecords.Control(ControlPayload.StartOfSegment(ChecksumType.AdHash));
        bytes[PayloadOffset + 1] = 5;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void An_end_of_segment_checksum_longer_than_any_checksum_is_malformed()
    {
        byte[] bytes = SampleRecords.Control(ControlPayload.EndOfSegment(ChecksumType.Md5, SampleRecords.Md5Checksum, final: false));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset + 2), RecordCodec.MaxChecksumBytes + 1);
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void A_topic_switch_topic_that_is_not_utf8_is_malformed()
    {
        byte[] bytes = SampleRecords.Control(ControlPayload.TopicSwitch("ab", 0));
        bytes[PayloadOffset + 1 + 4] = 0xFF;
        Assert.That(SampleRecords.Decode(bytes, out _), Is.EqualTo(DecodeStatus.Malformed));
    }

    [Test]
    public void Encoding_a_checksum_longer_than_any_checksum_is_refused()
    {
        var payload = ControlPayload.EndOfSegment(ChecksumType.Md5, new byte[RecordCodec.MaxChecksumBytes + 1], final: false);
        Assert.That(() => SampleRecords.Control(payload), Throws.ArgumentException);
    }

    [Test]
    public void Encoding_a_segment_control_type_the_codec_does_not_know_is_refused()
    {
        var payload = ControlPayload.StartOfPush() with { Type = (ControlMessageType)4 };
        Assert.That(() => SampleRecords.Control(payload), Throws.ArgumentException);
    }
}
