using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerSequenceTests
{
    private PartitionTracker tracker = null!;
    private ScriptedProducer producer = null!;

    [SetUp]
    public void StartASegment()
    {
        tracker = new PartitionTracker();
        producer = new ScriptedProducer(new ProducerGuid(1, 1));
        Assert.That(tracker.Validate(producer.StartSegment()), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void The_next_sequence_number_is_ok()
    {
        Assert.That(tracker.Validate(producer.Put("a", "1")), Is.EqualTo(DivResult.Ok));
        Assert.That(tracker.Validate(producer.Delete("a")), Is.EqualTo(DivResult.Ok));
        Assert.That(Sequence(), Is.EqualTo(2));
    }

    [Test]
    public void A_repeated_sequence_number_is_a_duplicate()
    {
        VeniceRecord put = producer.Put("a", "1");
        tracker.Validate(put);

        Assert.That(tracker.Validate(put), Is.EqualTo(DivResult.Duplicate));
    }

    [Test]
    public void An_older_sequence_number_is_a_duplicate()
    {
        VeniceRecord older = producer.Put("a", "1");
        tracker.Validate(older);
        tracker.Validate(producer.Put("b", "2"));

        Assert.That(tracker.Validate(older), Is.EqualTo(DivResult.Duplicate));
    }

    [Test]
    public void A_repeated_start_of_segment_is_a_duplicate()
    {
        Assert.That(tracker.Validate(ScriptedProducer.At(producer.Guid, 0, 0, MessageType.Control, ControlMessageType.StartOfSegment)),
            Is.EqualTo(DivResult.Duplicate));
    }

    [Test]
    public void A_sequence_gap_is_reported_missing()
    {
        producer.Put("a", "1");

        Assert.That(tracker.Validate(producer.Put("b", "2")), Is.EqualTo(DivResult.Missing));
    }

    [Test]
    public void Control_messages_take_sequence_numbers_too()
    {
        Assert.That(tracker.Validate(producer.Control(ControlMessageType.StartOfPush)), Is.EqualTo(DivResult.Ok));
        producer.Control(ControlMessageType.EndOfPush);

        Assert.That(tracker.Validate(producer.Put("a", "1")), Is.EqualTo(DivResult.Missing));
    }

    [Test]
    public void A_rejected_record_leaves_the_state_unchanged()
    {
        tracker.Validate(producer.Put("a", "1"));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot before);
        producer.Put("lost", "x");

        tracker.Validate(producer.Put("b", "2"));

        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot after);
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void An_ok_record_moves_the_producers_last_timestamp()
    {
        producer.NowMs = 7_000;

        tracker.Validate(producer.Put("a", "1"));

        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.LastTimestampMs, Is.EqualTo(7_000));
    }

    private int Sequence()
    {
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        return state.Sequence;
    }
}
