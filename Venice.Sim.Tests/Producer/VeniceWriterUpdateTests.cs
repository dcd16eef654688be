using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Producer;

/// <summary>VeniceWriter.Update: an UPDATE record in the partition's segment, checksummed like a PUT with the payload as its value.</summary>
[TestFixture]
public sealed class VeniceWriterUpdateTests
{
    private static readonly byte[] Payload = PartialUpdate.Encode(2, WriterHarness.Bytes("xy"));

    [Test]
    public void An_update_is_written_as_an_update_record_with_its_key_and_payload()
    {
        var harness = new WriterHarness();

        var result = harness.Writer.Update(1, WriterHarness.Bytes("k"), Payload);

        Assert.That(result.Succeeded, Is.True);
        VeniceRecord[] records = harness.Records(partition: 1);
        Assert.That(records, Has.Length.EqualTo(2), "START_OF_SEGMENT, then the update");
        Assert.That(records[1].Type, Is.EqualTo(MessageType.Update));
        Assert.That(records[1].Key.ToArray(), Is.EqualTo(WriterHarness.Bytes("k")));
        Assert.That(records[1].Value.ToArray(), Is.EqualTo(Payload));
        Assert.That(records[1].Producer.Sequence, Is.EqualTo(1));
    }

    [Test]
    public void End_of_segment_covers_an_update_with_its_payload_in_place_of_a_value()
    {
        var harness = new WriterHarness(ChecksumType.AdHash);
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Update(0, WriterHarness.Bytes("a"), Payload);

        harness.Writer.EndSegment(0, finalSegment: true);

        var expected = new AdHashChecksum();
        expected.UpdateRecord(MessageType.Put, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        expected.UpdateRecord(MessageType.Update, WriterHarness.Bytes("a"), Payload);
        Assert.That(harness.Records()[^1].Checksum.ToArray(), Is.EqualTo(expected.Finish()));
    }

    [Test]
    public void A_malformed_payload_is_refused_without_spending_a_sequence_number()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        Assert.That(() => harness.Writer.Update(0, WriterHarness.Bytes("a"), [1, 2]), Throws.ArgumentException);
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));

        Assert.That(harness.Records().Select(r => r.Producer.Sequence), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void A_leaders_update_carries_its_leader_metadata()
    {
        var leader = new LeaderMetadata(HostId: 4, UpstreamOffset: 12, Term: 3);
        var harness = new WriterHarness(leader: leader);

        harness.Writer.Update(0, WriterHarness.Bytes("k"), Payload);

        Assert.That(harness.Records()[1].Leader, Is.EqualTo(leader));
    }
}
