using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerCloneTests
{
    [Test]
    public void A_clone_moves_on_independently_of_its_original()
    {
        var original = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1));
        original.Validate(producer.StartSegment());
        PartitionTracker clone = original.Clone();

        VeniceRecord put = producer.Put("a", "1");
        Assert.That(clone.Validate(put), Is.EqualTo(DivResult.Ok));

        Assert.That(original.Validate(put), Is.EqualTo(DivResult.Ok));
        original.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.Sequence, Is.EqualTo(1));
    }

    [Test]
    public void A_clone_taken_mid_segment_still_verifies_an_adhash_checksum()
    {
        var original = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1), ChecksumType.AdHash);
        original.Validate(producer.StartSegment());
        original.Validate(producer.Put("a", "1"));
        PartitionTracker clone = original.Clone();
        Assert.That(clone.Validate(producer.Put("b", "2")), Is.EqualTo(DivResult.Ok));
        byte[] wrong = producer.RunningChecksum();
        wrong[^1] ^= 1;
        VeniceRecord rightEnd = producer.EndSegment();
        VeniceRecord wrongEnd = rightEnd with { Checksum = new ReadOnlySequence<byte>(wrong) };

        Assert.That(clone.Clone().Validate(wrongEnd), Is.EqualTo(DivResult.Corrupt));
        Assert.That(clone.Validate(rightEnd), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_clone_taken_mid_segment_cannot_verify_an_md5_checksum()
    {
        var original = new PartitionTracker();
        var producer = new ScriptedProducer(new ProducerGuid(1, 1), ChecksumType.Md5);
        original.Validate(producer.StartSegment());
        PartitionTracker clone = original.Clone();

        clone.TryGetProducerState(producer.Guid, out ProducerStateSnapshot state);
        Assert.That(state.ChecksumVerifiable, Is.False);
        Assert.That(clone.Validate(producer.EndSegmentWith(new byte[16])), Is.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_clone_keeps_the_gap_policy()
    {
        Assert.That(new PartitionTracker(ignoreGaps: true).Clone().IgnoresGaps, Is.True);
    }
}
