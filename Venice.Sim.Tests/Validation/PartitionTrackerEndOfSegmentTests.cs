using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerEndOfSegmentTests
{
    [TestCase(ChecksumType.None)]
    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    [TestCase(ChecksumType.AdHash)]
    public void A_matching_end_of_segment_checksum_is_ok_and_ends_the_segment(ChecksumType checksumType)
    {
        (PartitionTracker tracker, ScriptedProducer producer) = SegmentWithData(checksumType);

        Assert.That(tracker.Validate(producer.EndSegment()), Is.EqualTo(DivResult.Ok));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.Ended, Is.True);
    }

    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    [TestCase(ChecksumType.AdHash)]
    public void An_end_of_segment_checksum_mismatch_is_corrupt(ChecksumType checksumType)
    {
        (PartitionTracker tracker, ScriptedProducer producer) = SegmentWithData(checksumType);
        byte[] wrong = producer.RunningChecksum();
        wrong[0] ^= 1;

        Assert.That(tracker.Validate(producer.EndSegmentWith(wrong)), Is.EqualTo(DivResult.Corrupt));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.Ended, Is.False);
    }

    [Test]
    public void An_end_of_segment_claiming_another_checksum_type_is_corrupt()
    {
        (PartitionTracker tracker, ScriptedProducer producer) = SegmentWithData(ChecksumType.AdHash);

        Assert.That(tracker.Validate(producer.EndSegmentWith(new byte[16], ChecksumType.Md5)), Is.EqualTo(DivResult.Corrupt));
    }

    [Test]
    public void Data_the_validator_saw_differently_makes_the_end_of_segment_corrupt()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("a", "1");
        tracker.Validate(ScriptedProducer.At(producer.Guid, 0, 1) with { Value = new ReadOnlySequence<byte>("2"u8.ToArray()) });

        Assert.That(tracker.Validate(producer.EndSegment()), Is.EqualTo(DivResult.Corrupt));
    }

    [Test]
    public void Segments_with_the_deprecated_adler32_are_not_verified()
    {
        (PartitionTracker tracker, ScriptedProducer producer) = SegmentWithData(ChecksumType.Adler32);

        Assert.That(tracker.Validate(producer.EndSegmentWith([1, 2, 3, 4])), Is.EqualTo(DivResult.Ok));
    }

    private static (PartitionTracker, ScriptedProducer) SegmentWithData(ChecksumType checksumType)
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1), checksumType);
        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(producer.Put("a", "1")), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(producer.Control(ControlMessageType.EndOfPush)), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(producer.Delete("b")), Is.EqualTo(DivResult.Ok));
        return (tracker, producer);
    }
}
