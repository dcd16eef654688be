using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerSegmentTests
{
    private PartitionTracker tracker = null!;
    private ScriptedProducer producer = null!;

    [SetUp]
    public void StartASegment()
    {
        tracker = new PartitionTracker();
        producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        tracker.Validate(producer.Put("a", "1"));
    }

    [Test]
    public void The_start_of_the_next_segment_after_an_ended_one_opens_it()
    {
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Ok));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That((state.Segment, state.Sequence, state.Ended), Is.EqualTo((1, 0, false)));
    }

    [Test]
    public void The_next_segment_not_opened_by_start_of_segment_is_unregistered()
    {
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, segment: 1, sequence: 1)),
            Is.EqualTo(DivResult.UnregisteredProducer));
    }

    [Test]
    public void The_next_segment_while_the_current_one_never_ended_is_missing()
    {
        producer.EndSegment();

        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Missing));
    }

    [Test]
    public void A_segment_further_ahead_is_missing()
    {
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, segment: 2, sequence: 0,
            MessageType.Control, ControlMessageType.StartOfSegment)), Is.EqualTo(DivResult.Missing));
    }

    [Test]
    public void A_lower_segment_is_a_duplicate()
    {
        tracker.Validate(producer.EndSegment());
        tracker.Validate(producer.StartSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, segment: 0, sequence: 1)), Is.EqualTo(DivResult.Duplicate));
    }

    [Test]
    public void Data_after_end_of_segment_is_rejected()
    {
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, segment: 0, sequence: 3)),
            Is.EqualTo(DivResult.DataAfterEndOfSegment));
    }

    [Test]
    public void A_replayed_record_of_an_ended_segment_is_a_duplicate()
    {
        tracker.Validate(producer.EndSegment());

        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, segment: 0, sequence: 1)), Is.EqualTo(DivResult.Duplicate));
    }
}
