using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerResynchroniseTests
{
    [Test]
    public void A_record_that_failed_validation_becomes_the_new_baseline()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("lost", "x");
        VeniceRecord afterGap = producer.Put("b", "2");
        Assert.That(tracker.Validate(afterGap), Is.EqualTo(DivResult.Missing));

        tracker.Resynchronise(afterGap);

        Assert.That(tracker.Validate(producer.Put("c", "3")), Is.EqualTo(DivResult.Ok));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That((state.Sequence, state.Registered, state.ChecksumVerifiable), Is.EqualTo((3, false, false)));
    }

    [Test]
    public void The_rest_of_a_resynchronised_segment_is_not_checksum_verified()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("lost", "x");
        tracker.Resynchronise(producer.Put("b", "2"));

        Assert.That(tracker.Validate(producer.EndSegment()), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void Resynchronising_on_a_start_of_segment_makes_the_new_segment_verifiable()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.EndSegment();
        VeniceRecord nextSegment = producer.StartSegment();
        Assert.That(tracker.Validate(nextSegment), Is.EqualTo(DivResult.Missing));

        tracker.Resynchronise(nextSegment);
        tracker.Validate(producer.Put("a", "1"));

        Assert.That(tracker.Validate(producer.EndSegmentWith(new byte[16])), Is.EqualTo(DivResult.Corrupt));
    }

    [Test]
    public void Resynchronising_on_an_unknown_producer_registers_it()
    {
        var tracker = new PartitionTracker();
        VeniceRecord stranger = ScriptedProducer.At(new ProducerGuid(9, 9), segment: 4, sequence: 10);
        Assert.That(tracker.Validate(stranger), Is.EqualTo(DivResult.UnregisteredProducer));

        tracker.Resynchronise(stranger);

        Assert.That(tracker.Validate(ScriptedProducer.At(new ProducerGuid(9, 9), segment: 4, sequence: 11)), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void Resynchronising_on_an_end_of_segment_ends_the_segment()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        VeniceRecord corruptEnd = producer.EndSegmentWith(Enumerable.Repeat((byte)0xAB, 16).ToArray());
        Assert.That(tracker.Validate(corruptEnd), Is.EqualTo(DivResult.Corrupt));

        tracker.Resynchronise(corruptEnd);

        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Ok));
    }
}
