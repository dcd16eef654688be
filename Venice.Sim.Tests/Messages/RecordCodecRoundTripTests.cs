using System.Buffers;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

[TestFixture]
public sealed class RecordCodecRoundTripTests
{
    private static readonly LeaderMetadata?[] LeaderCases = [null, SampleRecords.Leader];

    [TestCaseSource(nameof(LeaderCases))]
    public void A_put_decodes_to_what_was_encoded(LeaderMetadata? leader)
    {
        byte[] bytes = SampleRecords.Put(leader);

        Assert.That(SampleRecords.Decode(bytes, out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Type, Is.EqualTo(MessageType.Put));
        Assert.That(record.IsData, Is.True);
        AssertHeader(record, leader);
        Assert.That(record.Key.ToArray(), Is.EqualTo(SampleRecords.Key));
        Assert.That(record.Value.ToArray(), Is.EqualTo(SampleRecords.Value));
    }

    [TestCaseSource(nameof(LeaderCases))]
    public void A_delete_decodes_to_what_was_encoded(LeaderMetadata? leader)
    {
        byte[] bytes = SampleRecords.Delete(leader);

        Assert.That(SampleRecords.Decode(bytes, out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Type, Is.EqualTo(MessageType.Delete));
        AssertHeader(record, leader);
        Assert.That(record.Key.ToArray(), Is.EqualTo(SampleRecords.Key));
        Assert.That(record.Value.IsEmpty, Is.True);
    }

    [TestCaseSource(nameof(LeaderCases))]
    public void An_update_decodes_to_what_was_encoded_with_its_payload_in_the_value(LeaderMetadata? leader)
    {
        byte[] bytes = SampleRecords.Update(leader);

        Assert.That(SampleRecords.Decode(bytes, out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Type, Is.EqualTo(MessageType.Update));
        Assert.That(record.IsData, Is.True, "an update is a data record: the segment checksum covers it");
        AssertHeader(record, leader);
        Assert.That(record.Key.ToArray(), Is.EqualTo(SampleRecords.Key));
        Assert.That(record.Value.ToArray(), Is.EqualTo(SampleRecords.UpdatePayload));
    }

    [Test]
    public void An_update_that_writes_no_bytes_survives_the_round_trip()
    {
        byte[] bytes = SampleRecords.Update(payload: PartialUpdate.Encode(5, []));

        Assert.That(SampleRecords.Decode(bytes, out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Value.ToArray(), Is.EqualTo(PartialUpdate.Encode(5, [])));
    }

    [TestCaseSource(nameof(ControlCases))]
    public void A_control_message_decodes_to_what_was_encoded(ControlPayload payload, LeaderMetadata? leader)
    {
        byte[] bytes = SampleRecords.Control(payload, leader);

        Assert.That(SampleRecords.Decode(bytes, out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Type, Is.EqualTo(MessageType.Control));
        Assert.That(record.IsControl(payload.Type), Is.True);
        AssertHeader(record, leader);
        Assert.That(record.Key.IsEmpty && record.Value.IsEmpty, Is.True);
        Assert.That(DecodedPayload(record), Is.EqualTo(payload).Using<ControlPayload>(SamePayload));
    }

    [Test]
    public void Empty_keys_and_values_survive_the_round_trip()
    {
        var writer = new ArrayBufferWriter<byte>();
        RecordCodec.EncodePut(writer, SampleRecords.Producer, null, [], []);

        Assert.That(SampleRecords.Decode(writer.WrittenSpan.ToArray(), out VeniceRecord record), Is.EqualTo(DecodeStatus.Ok));
        Assert.That(record.Key.IsEmpty && record.Value.IsEmpty, Is.True);
    }

    [Test]
    public void A_record_split_over_many_buffer_segments_decodes_the_same()
    {
        foreach (byte[] bytes in SampleRecords.All())
        {
            Assert.That(SampleRecords.Decode(bytes, out VeniceRecord whole), Is.EqualTo(DecodeStatus.Ok));
            foreach (int chunkBytes in new[] { 1, 3, 7 })
            {
                Assert.That(RecordCodec.TryDecode(ChunkedSequence.Split(bytes, chunkBytes), out VeniceRecord split), Is.EqualTo(DecodeStatus.Ok));
                Assert.That(split.Producer, Is.EqualTo(whole.Producer));
                Assert.That(split.Key.ToArray(), Is.EqualTo(whole.Key.ToArray()));
                Assert.That(split.Value.ToArray(), Is.EqualTo(whole.Value.ToArray()));
                Assert.That(split.Checksum.ToArray(), Is.EqualTo(whole.Checksum.ToArray()));
                Assert.That(split.TopicSwitchSourceTopic, Is.EqualTo(whole.TopicSwitchSourceTopic));
            }
        }
    }

    [Test]
    public void Decoded_keys_and_values_are_slices_of_the_buffer_not_copies()
    {
        byte[] bytes = SampleRecords.Put();
        var buffer = new ReadOnlySequence<byte>(bytes);

        RecordCodec.TryDecode(buffer, out VeniceRecord record);
        bytes[^1] ^= 0xFF;

        Assert.That(record.Value.ToArray()[^1], Is.EqualTo(bytes[^1]));
    }

    private static IEnumerable<TestCaseData> ControlCases() =>
        from payload in SampleRecords.ControlPayloads
        from leader in LeaderCases
        select new TestCaseData(payload, leader).SetArgDisplayNames(
            $"{payload.Type}{(payload.FinalSegment ? "-final" : "")}", leader is null ? "no-leader" : "leader");

    private static void AssertHeader(in VeniceRecord record, LeaderMetadata? leader)
    {
        Assert.That(record.Producer, Is.EqualTo(SampleRecords.Producer));
        Assert.That(record.HasLeaderMetadata, Is.EqualTo(leader.HasValue));
        if (leader.HasValue) Assert.That(record.Leader, Is.EqualTo(leader.Value));
    }

    private static ControlPayload DecodedPayload(in VeniceRecord record) => new(
        record.ControlType,
        record.ChecksumType,
        record.Checksum.ToArray(),
        record.FinalSegment,
        record.TopicSwitchSourceTopic,
        record.RewindStartTimestampMs);

    private static bool SamePayload(ControlPayload left, ControlPayload right) =>
        left.Type == right.Type
        && left.ChecksumType == right.ChecksumType
        && (left.Checksum ?? []).SequenceEqual(right.Checksum ?? [])
        && left.FinalSegment == right.FinalSegment
        && left.TopicSwitchSourceTopic == right.TopicSwitchSourceTopic
        && left.RewindStartTimestampMs == right.RewindStartTimestampMs;
}

/// <summary>Decode, the returning form the ingestion loop uses, gives back what was encoded.</summary>
[TestFixture]
public sealed class RecordCodecDecodeTests
{
    private static VeniceRecord Decoded(byte[] bytes)
    {
        VeniceRecord record = RecordCodec.Decode(new ReadOnlySequence<byte>(bytes), out DecodeStatus status);
        Assert.That(status, Is.EqualTo(DecodeStatus.Ok));
        return record;
    }

    [Test]
    public void Decode_returns_a_put_with_its_producer_leader_key_and_value()
    {
        VeniceRecord record = Decoded(SampleRecords.Put(SampleRecords.Leader));

        Assert.That(record.Type, Is.EqualTo(MessageType.Put));
        Assert.That(record.Producer, Is.EqualTo(SampleRecords.Producer));
        Assert.That(record.HasLeaderMetadata, Is.True);
        Assert.That(record.Leader, Is.EqualTo(SampleRecords.Leader));
        Assert.That(record.Key.ToArray(), Is.EqualTo(SampleRecords.Key));
        Assert.That(record.Value.ToArray(), Is.EqualTo(SampleRecords.Value));
        Assert.That(record.RewindStartTimestampMs, Is.EqualTo(ControlPayload.NoRewindTimestampMs));
    }

    [Test]
    public void Decode_returns_an_end_of_segment_with_its_checksum_and_a_topic_switch_with_its_topic()
    {
        VeniceRecord endOfSegment = Decoded(SampleRecords.Control(ControlPayload.EndOfSegment(ChecksumType.Md5, SampleRecords.Md5Checksum, final: false)));
        VeniceRecord topicSwitch = Decoded(SampleRecords.Control(ControlPayload.TopicSwitch("orders_rt", rewindStartTimestampMs: 1_699_913_600_000)));

        Assert.That(endOfSegment.IsControl(ControlMessageType.EndOfSegment), Is.True);
        Assert.That(endOfSegment.ChecksumType, Is.EqualTo(ChecksumType.Md5));
        Assert.That(endOfSegment.Checksum.ToArray(), Is.EqualTo(SampleRecords.Md5Checksum));
        Assert.That(endOfSegment.FinalSegment, Is.False);
        Assert.That(topicSwitch.IsControl(ControlMessageType.TopicSwitch), Is.True);
        Assert.That(topicSwitch.TopicSwitchSourceTopic, Is.EqualTo("orders_rt"));
        Assert.That(topicSwitch.RewindStartTimestampMs, Is.EqualTo(1_699_913_600_000));
    }

    [Test]
    public void Decode_of_a_truncated_record_returns_the_default_record_with_the_failing_status()
    {
        byte[] put = SampleRecords.Put(SampleRecords.Leader);

        VeniceRecord returned = RecordCodec.Decode(new ReadOnlySequence<byte>(put[..^1]), out DecodeStatus status);

        Assert.That(status, Is.EqualTo(DecodeStatus.Truncated));
        Assert.That(returned.Type, Is.EqualTo(default(MessageType)));
        Assert.That(returned.Key.IsEmpty && returned.Value.IsEmpty, Is.True);
    }
}
