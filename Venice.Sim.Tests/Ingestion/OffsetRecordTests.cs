using Venice.Core.Ingestion;

namespace Venice.Sim.Tests.Ingestion;

public sealed class OffsetRecordTests
{
    [Test]
    public void An_offset_record_round_trips_every_field()
    {
        var record = new OffsetRecord(41, EndOfPushReceived: true, TopicSwitchReceived: true, UpstreamOffset: 17,
            LeaderTopic: "store_rt", LeaderHostId: 2, ProducerStates: [1, 2, 3]);

        Assert.That(OffsetRecord.TryDecode(record.Encode(), out var decoded), Is.True);
        Assert.That(decoded.LastProcessedVtOffset, Is.EqualTo(41));
        Assert.That(decoded.EndOfPushReceived, Is.True);
        Assert.That(decoded.TopicSwitchReceived, Is.True);
        Assert.That(decoded.UpstreamOffset, Is.EqualTo(17));
        Assert.That(decoded.LeaderTopic, Is.EqualTo("store_rt"));
        Assert.That(decoded.LeaderHostId, Is.EqualTo(2));
        Assert.That(decoded.ProducerStates, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void A_truncated_offset_record_is_refused_without_an_exception()
    {
        var bytes = new OffsetRecord(5, false, false, -1, null, -1, [9, 9]).Encode();
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.That(OffsetRecord.TryDecode(bytes.AsSpan(0, length), out _), Is.False, $"length {length}");
        }
    }
}
