using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerNewProducerTests
{
    private static readonly ProducerGuid Guid = new(1, 1);

    [Test]
    public void A_start_of_segment_zero_registers_an_unknown_producer()
    {
        var tracker = new PartitionTracker();
        var producer = new ScriptedProducer(Guid, ChecksumType.Md5);

        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.ProducerCount, Is.EqualTo(1));
        Assert.That(tracker.TryGetProducerState(Guid, out ProducerStateSnapshot state), Is.True);
        Assert.That(state, Is.EqualTo(new ProducerStateSnapshot(0, 0, Registered: true, Ended: false, ChecksumType.Md5, ChecksumVerifiable: true, 1_000)));
    }

    [Test]
    public void An_unknown_producer_with_a_segment_other_than_zero_is_unregistered()
    {
        var tracker = new PartitionTracker();

        DivResult result = tracker.Validate(ScriptedProducer.At(Guid, segment: 2, sequence: 0,
            MessageType.Control, ControlMessageType.StartOfSegment));

        Assert.That(result, Is.EqualTo(DivResult.UnregisteredProducer));
        Assert.That(tracker.ProducerCount, Is.Zero);
    }

    [Test]
    public void An_unknown_producer_whose_first_record_is_not_a_start_of_segment_is_unregistered_and_its_segment_recorded()
    {
        var tracker = new PartitionTracker();

        DivResult result = tracker.Validate(ScriptedProducer.At(Guid, segment: 0, sequence: 1));

        // Venice's initializeNewSegment records the unregistered segment before it raises the fault.
        Assert.That(result, Is.EqualTo(DivResult.UnregisteredProducer));
        Assert.That(tracker.TryGetProducerState(Guid, out ProducerStateSnapshot state), Is.True);
        Assert.That((state.Segment, state.Sequence, state.Registered, state.ChecksumType), Is.EqualTo((0, 1, false, ChecksumType.None)));
    }

    [Test]
    public void After_end_of_push_an_unknown_producer_mid_segment_opens_an_unregistered_segment_and_is_accepted()
    {
        var tracker = new PartitionTracker();

        DivResult result = tracker.Validate(ScriptedProducer.At(Guid, segment: 3, sequence: 7), endOfPushReceived: true);

        Assert.That(result, Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.TryGetProducerState(Guid, out ProducerStateSnapshot state), Is.True);
        Assert.That((state.Segment, state.Sequence, state.Registered, state.ChecksumVerifiable), Is.EqualTo((3, 7, false, false)));
    }

    [Test]
    public void Producers_are_tracked_independently()
    {
        var tracker = new PartitionTracker();
        var first = new ScriptedProducer(new ProducerGuid(1, 1));
        var second = new ScriptedProducer(new ProducerGuid(2, 2));
        tracker.Validate(first.StartSegment());
        tracker.Validate(second.StartSegment());
        tracker.Validate(first.Put("a", "1"));
        tracker.Validate(first.Put("b", "2"));

        Assert.That(tracker.Validate(second.Put("c", "3")), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.ProducerCount, Is.EqualTo(2));
        Assert.That(tracker.Producers, Is.EqualTo(new[] { new ProducerGuid(1, 1), new ProducerGuid(2, 2) }));
    }
}
