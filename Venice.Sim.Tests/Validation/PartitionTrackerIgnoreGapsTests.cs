using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

/// <summary>The switch behind the seeded defect <c>div-ignores-gaps</c>.</summary>
[TestFixture]
public sealed class PartitionTrackerIgnoreGapsTests
{
    [Test]
    public void A_tracker_that_ignores_gaps_accepts_a_gap_and_jumps_forward()
    {
        var tracker = new PartitionTracker(ignoreGaps: true);
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("lost", "x");

        Assert.That(tracker.Validate(producer.Put("b", "2")), Is.EqualTo(DivResult.Ok));
        tracker.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.Sequence, Is.EqualTo(2));
    }

    [Test]
    public void After_an_ignored_gap_the_segment_checksum_is_not_verified()
    {
        var tracker = new PartitionTracker(ignoreGaps: true);
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        producer.Put("lost", "x");
        tracker.Validate(producer.Put("b", "2"));

        Assert.That(tracker.Validate(producer.EndSegment()), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_tracker_that_ignores_gaps_still_reports_duplicates()
    {
        var tracker = new PartitionTracker(ignoreGaps: true);
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        tracker.Validate(producer.StartSegment());
        VeniceRecord put = producer.Put("a", "1");
        tracker.Validate(put);

        Assert.That(tracker.Validate(put), Is.EqualTo(DivResult.Duplicate));
    }
}
