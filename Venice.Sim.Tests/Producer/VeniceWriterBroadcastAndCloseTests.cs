using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;

namespace Venice.Sim.Tests.Producer;

[TestFixture]
public sealed class VeniceWriterBroadcastAndCloseTests
{
    [Test]
    public void Start_of_push_is_broadcast_once_to_every_partition()
    {
        var harness = new WriterHarness();

        ProduceResult result = harness.Writer.BroadcastStartOfPush(WriterHarness.Partitions);

        Assert.That(result.Succeeded, Is.True);
        for (int partition = 0; partition < WriterHarness.Partitions; partition++)
        {
            VeniceRecord[] records = harness.Records(partition);
            Assert.That(records.Count(r => r.IsControl(ControlMessageType.StartOfPush)), Is.EqualTo(1));
            Assert.That(records[0].IsControl(ControlMessageType.StartOfSegment), Is.True);
        }
    }

    [Test]
    public void End_of_push_is_broadcast_once_to_every_partition()
    {
        var harness = new WriterHarness();
        harness.Writer.BroadcastStartOfPush(WriterHarness.Partitions);

        harness.Writer.BroadcastEndOfPush(WriterHarness.Partitions);

        for (int partition = 0; partition < WriterHarness.Partitions; partition++)
        {
            VeniceRecord last = harness.Records(partition)[^1];
            Assert.That(last.IsControl(ControlMessageType.EndOfPush), Is.True);
            Assert.That(last.Producer.Sequence, Is.EqualTo(2));
        }
    }

    [Test]
    public void Closing_ends_every_open_segment_with_a_final_end_of_segment()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Put(2, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));

        ProduceResult result = harness.Writer.Close();

        Assert.That(result.Succeeded, Is.True);
        foreach (int partition in new[] { 0, 2 })
        {
            VeniceRecord last = harness.Records(partition)[^1];
            Assert.That(last.IsControl(ControlMessageType.EndOfSegment) && last.FinalSegment, Is.True);
            Assert.That(harness.Writer.HasOpenSegment(partition), Is.False);
        }
        Assert.That(harness.RawRecords(1), Is.Empty);
    }

    [Test]
    public void Ending_a_partition_that_has_no_open_segment_produces_nothing()
    {
        var harness = new WriterHarness();

        ProduceResult result = harness.Writer.EndSegment(1, finalSegment: true);

        Assert.That(result, Is.EqualTo(VeniceWriter.NothingProduced));
        Assert.That(harness.Log.ProduceCalls, Is.Zero);
    }

    [Test]
    public void Writing_after_close_is_refused()
    {
        var harness = new WriterHarness();
        harness.Writer.Close();

        Assert.That(() => harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1")), Throws.InvalidOperationException);
    }
}
