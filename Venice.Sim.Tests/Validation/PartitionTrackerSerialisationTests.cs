using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerSerialisationTests
{
    private static readonly ProducerGuid First = new(1, 5);
    private static readonly ProducerGuid Second = new(2, 0);
    private static readonly ProducerGuid Third = new(2, 1);

    [Test]
    public void A_restored_tracker_has_the_same_producer_states()
    {
        PartitionTracker tracker = TrackerWithThreeProducers(order: [First, Second, Third]);

        Assert.That(PartitionTracker.TryReadFrom(Serialise(tracker), out PartitionTracker? restored), Is.True);

        Assert.That(restored!.Producers, Is.EqualTo(tracker.Producers));
        foreach (ProducerGuid guid in tracker.Producers)
        {
            tracker.TryGetProducerState(guid, out ProducerStateSnapshot expected);
            restored.TryGetProducerState(guid, out ProducerStateSnapshot actual);
            // An MD5 segment open at the checkpoint cannot carry on verifying (see PartitionTracker).
            bool resumable = expected.ChecksumType != ChecksumType.Md5;
            Assert.That(actual, Is.EqualTo(expected with { ChecksumVerifiable = expected.ChecksumVerifiable && resumable }), guid.ToString());
        }
    }

    [Test]
    public void The_serialised_bytes_do_not_depend_on_the_order_producers_were_seen()
    {
        byte[] oneWay = Serialise(TrackerWithThreeProducers(order: [First, Second, Third]));
        byte[] otherWay = Serialise(TrackerWithThreeProducers(order: [Third, First, Second]));

        Assert.That(otherWay, Is.EqualTo(oneWay));
    }

    [Test]
    public void A_tracker_restored_mid_segment_still_verifies_the_end_of_segment_with_adhash()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(First, ChecksumType.AdHash);
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.Put("a", "1"));
        tracker.Validate(producer.Delete("b"));

        PartitionTracker.TryReadFrom(Serialise(tracker), out PartitionTracker? restored);
        Assert.That(restored!.Validate(producer.Put("c", "3")), Is.EqualTo(DivResult.Ok));

        PartitionTracker wrongCopy = restored.Clone();
        byte[] wrong = producer.RunningChecksum();
        wrong[0] ^= 0x80;
        Assert.That(wrongCopy.Validate(ScriptedProducer.At(First, 0, 4, MessageType.Control, ControlMessageType.EndOfSegment)
            with { Checksum = new ReadOnlySequence<byte>(wrong) }), Is.EqualTo(DivResult.Corrupt));
        Assert.That(restored.Validate(producer.EndSegment()), Is.EqualTo(DivResult.Ok));
    }

    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    public void A_tracker_restored_mid_segment_skips_the_end_of_segment_check_for_stream_checksums(ChecksumType checksumType)
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(First, checksumType);
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.Put("a", "1"));

        PartitionTracker.TryReadFrom(Serialise(tracker), out PartitionTracker? restored);

        restored!.TryGetProducerState(First, out ProducerStateSnapshot state);
        Assert.That(state.ChecksumVerifiable, Is.False);
        Assert.That(restored.Validate(producer.EndSegmentWith(new byte[16])), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void An_empty_tracker_round_trips()
    {
        Assert.That(PartitionTracker.TryReadFrom(Serialise(new PartitionTracker()), out PartitionTracker? restored), Is.True);
        Assert.That(restored!.ProducerCount, Is.Zero);
    }

    [Test]
    public void The_gap_policy_is_configuration_not_state()
    {
        PartitionTracker.TryReadFrom(Serialise(new PartitionTracker()), out PartitionTracker? restored, ignoreGaps: true);

        Assert.That(restored!.IgnoresGaps, Is.True);
    }

    [Test]
    public void Every_truncation_of_a_serialised_tracker_is_refused()
    {
        byte[] bytes = Serialise(TrackerWithThreeProducers(order: [First, Second, Third]));

        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.That(PartitionTracker.TryReadFrom(bytes.AsSpan(0, length), out _), Is.False, $"{length} bytes");
        }
    }

    [Test]
    public void Trailing_bytes_after_a_serialised_tracker_are_refused()
    {
        byte[] bytes = Serialise(TrackerWithThreeProducers(order: [First, Second, Third]));

        Assert.That(PartitionTracker.TryReadFrom([.. bytes, 0], out _), Is.False);
    }

    [Test]
    public void Every_single_bit_flip_of_a_serialised_tracker_is_read_without_throwing()
    {
        byte[] original = Serialise(TrackerWithThreeProducers(order: [First, Second, Third]));

        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] flipped = (byte[])original.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.That(() => PartitionTracker.TryReadFrom(flipped, out _), Throws.Nothing, $"bit {bit}");
        }
    }

    private static PartitionTracker TrackerWithThreeProducers(ProducerGuid[] order)
    {
        var tracker = new PartitionTracker();
        foreach (ProducerGuid guid in order)
        {
            var producer = new ScriptedProducer(guid, guid == Third ? ChecksumType.Md5 : ChecksumType.AdHash);
            tracker.Validate(producer.StartSegment());
            tracker.Validate(producer.Put("a", guid.ToString()));
            if (guid == Second)
            {
                tracker.Validate(producer.EndSegment());
            }
        }
        return tracker;
    }

    private static byte[] Serialise(PartitionTracker tracker)
    {
        var writer = new ArrayBufferWriter<byte>();
        tracker.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }
}
