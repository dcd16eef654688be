using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

/// <summary>
/// <see cref="PartitionTracker.Resynchronise"/> is Venice's tolerant re-run of a record that failed
/// validation past END_OF_PUSH (StoreIngestionTask.validateMessage's "dummy validation").
/// </summary>
[TestFixture]
public sealed class PartitionTrackerResynchroniseTests
{
    [Test]
    public void A_record_past_a_gap_becomes_the_new_baseline_of_its_still_registered_segment()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        VeniceRecord lost = producer.Put("lost", "x");
        VeniceRecord afterGap = producer.Put("b", "2");
        Assert.That(tracker.Validate(afterGap, endOfPushReceived: true), Is.EqualTo(DivResult.Missing));

        Assert.That(tracker.Resynchronise(afterGap), Is.EqualTo(DivResult.Ok));

        Assert.That(tracker.Validate(producer.Put("c", "3"), endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(lost, endOfPushReceived: true), Is.EqualTo(DivResult.Duplicate), "a late record is behind the baseline");
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That((state.Sequence, state.Registered, state.ChecksumVerifiable), Is.EqualTo((3, true, true)));
    }

    [Test]
    public void A_resynchronised_segment_keeps_its_checksum_so_its_end_is_corrupt()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("lost", "x");
        tracker.Resynchronise(producer.Put("b", "2"));

        Assert.That(tracker.Validate(producer.EndSegment(), endOfPushReceived: true), Is.EqualTo(DivResult.Corrupt));
    }

    [Test]
    public void Resynchronising_on_a_start_of_segment_past_a_lost_segment_opens_a_verifiable_segment()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.EndSegment();
        VeniceRecord nextSegment = producer.StartSegment();
        Assert.That(tracker.Validate(nextSegment, endOfPushReceived: true), Is.EqualTo(DivResult.Missing));

        tracker.Resynchronise(nextSegment);
        tracker.Validate(producer.Put("a", "1"), endOfPushReceived: true);

        Assert.That(tracker.Validate(producer.EndSegmentWith(new byte[8]), endOfPushReceived: true), Is.EqualTo(DivResult.Corrupt));
    }

    [Test]
    public void Resynchronising_on_a_data_record_past_a_lost_segment_opens_an_unregistered_none_segment()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.EndSegment();
        producer.StartSegment();
        VeniceRecord put = producer.Put("a", "1");
        Assert.That(tracker.Validate(put, endOfPushReceived: true), Is.EqualTo(DivResult.Missing));

        Assert.That(tracker.Resynchronise(put), Is.EqualTo(DivResult.Ok));

        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That((state.Segment, state.Registered, state.ChecksumType, state.ChecksumVerifiable), Is.EqualTo((1, false, ChecksumType.None, false)));
        Assert.That(tracker.Validate(producer.EndSegmentWith(new byte[8]), endOfPushReceived: true), Is.EqualTo(DivResult.Ok), "an unregistered segment's checksum is not checked");
    }

    [Test]
    public void A_corrupt_end_of_segment_past_end_of_push_ends_the_segment_and_resynchronises_as_a_duplicate()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        VeniceRecord corruptEnd = producer.EndSegmentWith(Enumerable.Repeat((byte)0xAB, 8).ToArray());
        Assert.That(tracker.Validate(corruptEnd, endOfPushReceived: true), Is.EqualTo(DivResult.Corrupt));

        Assert.That(tracker.Resynchronise(corruptEnd), Is.EqualTo(DivResult.Duplicate));

        Assert.That(tracker.Validate(producer.StartSegment(), endOfPushReceived: true), Is.EqualTo(DivResult.Ok));
    }
}
