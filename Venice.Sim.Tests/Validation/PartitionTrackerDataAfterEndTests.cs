using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

/// <summary>
/// DATA_AFTER_END_OF_SEGMENT is Venice's IncomingDataAfterSegmentEndedException: a checksum finalised at its
/// segment's END_OF_SEGMENT refuses more records. NONE has no checksum object, an unregistered segment no
/// usable checksum, and a restored checksum is writable again, so none of those refuse.
/// </summary>
[TestFixture]
public sealed class PartitionTrackerDataAfterEndTests
{
    private static readonly ProducerGuid Guid = new(4, 4);

    [TestCase(ChecksumType.AdHash)]
    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    public void A_record_after_a_finalised_end_is_refused_and_its_sequence_number_is_spent(ChecksumType checksum)
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(Guid, checksum);
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.EndSegment());
        VeniceRecord late = ScriptedProducer.At(Guid, segment: 0, sequence: 2);

        Assert.That(tracker.Validate(late), Is.EqualTo(DivResult.DataAfterEndOfSegment));
        Assert.That(tracker.Validate(late), Is.EqualTo(DivResult.Duplicate), "Venice took the sequence number before the checksum refused");
    }

    [Test]
    public void A_record_after_the_end_of_a_none_segment_is_accepted()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(Guid, ChecksumType.None);
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(Guid, segment: 0, sequence: 2)), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_record_after_the_end_of_an_unregistered_segment_is_accepted()
    {
        var tracker = new PartitionTracker();
        tracker.Validate(ScriptedProducer.At(Guid, segment: 0, sequence: 5), endOfPushReceived: true);
        VeniceRecord end = ScriptedProducer.At(Guid, segment: 0, sequence: 6, MessageType.Control, ControlMessageType.EndOfSegment);
        Assert.That(tracker.Validate(end, endOfPushReceived: true), Is.EqualTo(DivResult.Ok));

        Assert.That(tracker.Validate(ScriptedProducer.At(Guid, segment: 0, sequence: 7), endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_record_after_an_end_restored_from_a_checkpoint_is_accepted()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(Guid, ChecksumType.AdHash);
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.EndSegment());
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        Assert.That(PartitionTracker.TryReadFrom(writer.WrittenSpan, out PartitionTracker? restored), Is.True);

        Assert.That(restored!.Validate(ScriptedProducer.At(Guid, segment: 0, sequence: 2)), Is.EqualTo(DivResult.Ok));
    }
}
