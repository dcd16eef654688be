using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Producer;

[TestFixture]
public sealed class VeniceWriterSegmentTests
{
    [Test]
    public void The_first_record_on_a_partition_is_preceded_by_start_of_segment_at_sequence_zero()
    {
        var harness = new WriterHarness(ChecksumType.Md5);

        harness.Writer.Put(0, WriterHarness.Bytes("k"), WriterHarness.Bytes("v"));

        VeniceRecord[] records = harness.Records();
        Assert.That(records, Has.Length.EqualTo(2));
        Assert.That(records[0].IsControl(ControlMessageType.StartOfSegment), Is.True);
        Assert.That(records[0].ChecksumType, Is.EqualTo(ChecksumType.Md5));
        Assert.That(records[0].Producer, Is.EqualTo(new ProducerMetadata(WriterHarness.Guid, 0, 0, 1_000)));
        Assert.That(records[1].Type, Is.EqualTo(MessageType.Put));
    }

    [Test]
    public void Each_following_record_takes_the_next_sequence_number()
    {
        var harness = new WriterHarness();

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Delete(0, WriterHarness.Bytes("b"));
        harness.Writer.SendControl(0, ControlPayload.EndOfPush());
        harness.Writer.EndSegment(0, finalSegment: false);

        Assert.That(harness.Records().Select(r => r.Producer.Sequence), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(harness.Records().Select(r => r.Producer.Segment), Is.All.EqualTo(0));
    }

    [Test]
    public void End_of_segment_carries_the_checksum_of_the_segments_data_records_only()
    {
        var harness = new WriterHarness(ChecksumType.AdHash);
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.SendControl(0, ControlPayload.EndOfPush());
        harness.Writer.Delete(0, WriterHarness.Bytes("b"));

        harness.Writer.EndSegment(0, finalSegment: true);

        var expected = new AdHashChecksum();
        expected.UpdateRecord(MessageType.Put, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        expected.UpdateRecord(MessageType.Delete, WriterHarness.Bytes("b"), []);
        VeniceRecord endOfSegment = harness.Records()[^1];
        Assert.That(endOfSegment.IsControl(ControlMessageType.EndOfSegment), Is.True);
        Assert.That(endOfSegment.ChecksumType, Is.EqualTo(ChecksumType.AdHash));
        Assert.That(endOfSegment.Checksum.ToArray(), Is.EqualTo(expected.Finish()));
        Assert.That(endOfSegment.FinalSegment, Is.True);
    }

    [Test]
    public void The_next_segment_is_numbered_one_higher_and_starts_again_with_start_of_segment()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.EndSegment(0, finalSegment: false);

        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));

        VeniceRecord[] records = harness.Records();
        Assert.That(records[3].IsControl(ControlMessageType.StartOfSegment), Is.True);
        Assert.That((records[3].Producer.Segment, records[3].Producer.Sequence), Is.EqualTo((1, 0)));
        Assert.That((records[4].Producer.Segment, records[4].Producer.Sequence), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Each_partition_has_its_own_segment()
    {
        var harness = new WriterHarness();

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));
        harness.Writer.Put(1, WriterHarness.Bytes("c"), WriterHarness.Bytes("3"));

        Assert.That(harness.Records(1).Select(r => r.Producer.Sequence), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(harness.Records(1)[0].IsControl(ControlMessageType.StartOfSegment), Is.True);
        Assert.That(harness.Writer.HasOpenSegment(1), Is.True);
        Assert.That(harness.Writer.HasOpenSegment(2), Is.False);
    }

    [Test]
    public void Records_are_stamped_with_the_clocks_time()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Clock.NowMs = 5_000;

        harness.Writer.Delete(0, WriterHarness.Bytes("a"));

        Assert.That(harness.Records().Select(r => r.Producer.TimestampMs), Is.EqualTo(new long[] { 1_000, 1_000, 5_000 }));
    }

    [Test]
    public void A_topic_switch_is_sent_inside_the_segment()
    {
        var harness = new WriterHarness();

        harness.Writer.SendControl(0, ControlPayload.TopicSwitch("orders_rt", 123));

        VeniceRecord topicSwitch = harness.Records()[1];
        Assert.That(topicSwitch.IsControl(ControlMessageType.TopicSwitch), Is.True);
        Assert.That(topicSwitch.TopicSwitchSourceTopic, Is.EqualTo("orders_rt"));
        Assert.That(topicSwitch.RewindStartTimestampMs, Is.EqualTo(123));
        Assert.That(topicSwitch.Producer.Sequence, Is.EqualTo(1));
    }

    [Test]
    public void Segment_control_messages_cannot_be_sent_directly()
    {
        var harness = new WriterHarness();

        Assert.That(() => harness.Writer.SendControl(0, ControlPayload.StartOfSegment(ChecksumType.AdHash)), Throws.ArgumentException);
        Assert.That(() => harness.Writer.SendControl(0, ControlPayload.EndOfSegment(ChecksumType.AdHash, [], false)), Throws.ArgumentException);
    }

    [Test]
    public void The_deprecated_adler32_checksum_cannot_be_chosen()
    {
        var log = new FakeLog();

        Assert.That(
            () => new Core.Producer.VeniceWriter(log, WriterHarness.Topic, WriterHarness.Guid, ChecksumType.Adler32, new ManualClock()),
            Throws.ArgumentException);
    }
}
