using System.Text;
using Venice.Core;
using Venice.Core.Messages;
using Venice.Core.Producer;
using Venice.Sim.InMemory;
using Venice.Sim.World;

namespace Venice.Sim.Tests.World;

/// <summary>Which destroyed log records DIV can see: the rule div-catches-loss judges by.</summary>
[TestFixture]
public sealed class The_injected_log_faults
{
    private static readonly TopicPartition Vt = new("store_v1", 0);

    /// <summary>A segment of three PUTs closed by END_OF_SEGMENT: offsets 0 (START_OF_SEGMENT), 1-3 (PUTs), 4 (END_OF_SEGMENT).</summary>
    private static InMemoryLog OneSegment()
    {
        var log = new InMemoryLog();
        log.CreateTopic(Vt.Topic, 1);
        var writer = new VeniceWriter(log, Vt.Topic, new SeededRandom(3).NextProducerGuid(), ChecksumType.AdHash, new SimClock());
        for (int i = 0; i < 3; i++) writer.Put(0, Encoding.ASCII.GetBytes($"k{i}"), Encoding.ASCII.GetBytes($"v{i}"));
        writer.Close();
        return log;
    }

    private static InjectedLogFaults Lose(InMemoryLog log, long offset)
    {
        var faults = new InjectedLogFaults();
        var segment = InjectedLogFaults.SegmentOf(log, Vt, offset);
        Assert.That(log.LoseRecord(Vt, offset), Is.True);
        faults.RecordLoss(Vt, offset, segment);
        return faults;
    }

    [Test]
    public void A_lost_record_with_a_later_record_of_its_segment_is_visible_from_that_record_on()
    {
        var log = OneSegment();
        var faults = Lose(log, 2);

        Assert.That(faults.AnyVisibleAtOrBefore(Vt, 2, at => InjectedLogFaults.SegmentOf(log, Vt, at), at => InjectedLogFaults.EndOfPushBefore(log, Vt, at)), Is.False, "nothing after it yet");
        Assert.That(faults.AnyVisibleAtOrBefore(Vt, 3, at => InjectedLogFaults.SegmentOf(log, Vt, at), at => InjectedLogFaults.EndOfPushBefore(log, Vt, at)), Is.True, "the next PUT shows the gap");
    }

    [Test]
    public void A_lost_end_of_segment_leaves_nothing_for_DIV_to_see()
    {
        var log = OneSegment();
        long endOfSegment = log.EndOffset(Vt) - 1;
        var faults = Lose(log, endOfSegment);

        Assert.That(faults.AnyAtOrBefore(Vt, endOfSegment), Is.True, "it was destroyed");
        Assert.That(faults.AnyVisibleAtOrBefore(Vt, endOfSegment, at => InjectedLogFaults.SegmentOf(log, Vt, at), at => InjectedLogFaults.EndOfPushBefore(log, Vt, at)), Is.False, "but no later record of its segment exists");
    }

    [Test]
    public void A_lost_segment_start_after_end_of_push_is_invisible_since_DIV_then_accepts_an_unregistered_segment()
    {
        var log = new InMemoryLog();
        log.CreateTopic(Vt.Topic, 1);
        var clock = new SimClock();
        var random = new SeededRandom(5);
        var driver = new VeniceWriter(log, Vt.Topic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        driver.BroadcastStartOfPush(1);
        driver.BroadcastEndOfPush(1);
        long segmentStart = log.EndOffset(Vt);
        var late = new VeniceWriter(log, Vt.Topic, random.NextProducerGuid(), ChecksumType.AdHash, clock);
        late.Put(0, "k1"u8, "v1"u8);
        late.Put(0, "k2"u8, "v2"u8);
        Assert.That(InjectedLogFaults.IsControl(log, Vt, segmentStart, ControlMessageType.StartOfSegment), Is.True);

        var faults = new InjectedLogFaults();
        var segment = InjectedLogFaults.SegmentOf(log, Vt, segmentStart);
        Assert.That(log.LoseRecord(Vt, segmentStart), Is.True);
        faults.RecordLoss(Vt, segmentStart, segment, segmentStart: true);

        long last = log.EndOffset(Vt) - 1;
        Assert.That(faults.AnyVisibleAtOrBefore(Vt, last, at => InjectedLogFaults.SegmentOf(log, Vt, at), at => InjectedLogFaults.EndOfPushBefore(log, Vt, at)),
            Is.False, "later records of the segment follow, but after END_OF_PUSH DIV opens an unregistered segment for them");
    }

    [Test]
    public void A_corrupted_record_is_always_visible()
    {
        var log = OneSegment();
        var faults = new InjectedLogFaults();
        faults.Record(Vt, 4);

        Assert.That(faults.AnyVisibleAtOrBefore(Vt, 4, at => InjectedLogFaults.SegmentOf(log, Vt, at), at => InjectedLogFaults.EndOfPushBefore(log, Vt, at)), Is.True);
    }
}
