using Venice.Core.Messages;

namespace Venice.Sim.Tests.Producer;

[TestFixture]
public sealed class VeniceWriterLeaderMetadataTests
{
    [Test]
    public void A_writer_without_leader_metadata_stamps_none()
    {
        var harness = new WriterHarness();

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        Assert.That(harness.Records().Select(r => r.HasLeaderMetadata), Is.All.False);
    }

    [Test]
    public void Every_record_carries_the_leader_metadata_the_writer_was_given()
    {
        var leader = new LeaderMetadata(HostId: 1, UpstreamOffset: 17, Term: 4);
        var harness = new WriterHarness(leader: leader);

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.EndSegment(0, finalSegment: true);

        Assert.That(harness.Records().Select(r => r.HasLeaderMetadata), Is.All.True);
        Assert.That(harness.Records().Select(r => r.Leader), Is.All.EqualTo(leader));
    }

    [Test]
    public void A_leader_can_stamp_each_record_with_its_own_upstream_offset()
    {
        var harness = new WriterHarness();

        harness.Writer.SetLeaderMetadata(new LeaderMetadata(1, UpstreamOffset: 100, Term: 4));
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.SetLeaderMetadata(new LeaderMetadata(1, UpstreamOffset: 101, Term: 4));
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));
        harness.Writer.SetLeaderMetadata(null);
        harness.Writer.Delete(0, WriterHarness.Bytes("c"));

        VeniceRecord[] records = harness.Records();
        Assert.That(records[1].Leader.UpstreamOffset, Is.EqualTo(100));
        Assert.That(records[2].Leader.UpstreamOffset, Is.EqualTo(101));
        Assert.That(records[3].HasLeaderMetadata, Is.False);
    }
}
