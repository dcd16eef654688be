using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;

namespace Venice.Sim.Tests.Producer;

[TestFixture]
public sealed class VeniceWriterRetryTests
{
    [Test]
    public void A_failed_produce_is_retried_and_the_retry_result_is_returned()
    {
        var harness = new WriterHarness();
        harness.Log.Script(ScriptedProduce.Land, ScriptedProduce.FailWithoutLanding);

        ProduceResult result = harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        Assert.That(result, Is.EqualTo(ProduceResult.Ok(1)));
        Assert.That(harness.Log.ProduceCalls, Is.EqualTo(3));
        Assert.That(harness.Records().Select(r => r.Producer.Sequence), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void A_retry_resends_the_same_bytes_with_the_same_sequence_number()
    {
        var harness = new WriterHarness();
        harness.Log.Script(ScriptedProduce.Land, ScriptedProduce.FailAfterLanding);

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        List<byte[]> raw = harness.RawRecords();
        Assert.That(raw, Has.Count.EqualTo(3));
        Assert.That(raw[2], Is.EqualTo(raw[1]));
    }

    [Test]
    public void Retries_stop_after_the_bounded_number_of_attempts_with_the_last_result()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        int callsBefore = harness.Log.ProduceCalls;
        harness.Log.Script(Enumerable.Repeat(ScriptedProduce.FailWithoutLanding, VeniceWriter.MaxProduceAttempts + 1).ToArray());

        ProduceResult result = harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));

        Assert.That(result, Is.EqualTo(ProduceResult.Failed));
        Assert.That(harness.Log.ProduceCalls - callsBefore, Is.EqualTo(VeniceWriter.MaxProduceAttempts));
    }

    [Test]
    public void A_data_record_that_fails_every_attempt_still_uses_its_sequence_number()
    {
        var harness = new WriterHarness();
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Log.Script(Enumerable.Repeat(ScriptedProduce.FailWithoutLanding, VeniceWriter.MaxProduceAttempts).ToArray());
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));

        harness.Writer.Put(0, WriterHarness.Bytes("c"), WriterHarness.Bytes("3"));

        Assert.That(harness.Records().Select(r => r.Producer.Sequence), Is.EqualTo(new[] { 0, 1, 3 }));
    }

    [Test]
    public void A_start_of_segment_that_fails_every_attempt_leaves_the_segment_unopened_and_the_record_unsent()
    {
        var harness = new WriterHarness();
        harness.Log.Script(Enumerable.Repeat(ScriptedProduce.FailWithoutLanding, VeniceWriter.MaxProduceAttempts).ToArray());

        ProduceResult result = harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(harness.Writer.HasOpenSegment(0), Is.False);
        Assert.That(harness.RawRecords(), Is.Empty);
    }

    [Test]
    public void The_next_write_after_a_failed_start_of_segment_sends_the_same_start_of_segment_again()
    {
        var harness = new WriterHarness();
        harness.Log.Script(Enumerable.Repeat(ScriptedProduce.FailAfterLanding, VeniceWriter.MaxProduceAttempts).ToArray());
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        VeniceRecord[] records = harness.Records();
        Assert.That(records.Take(4).Select(r => r.IsControl(ControlMessageType.StartOfSegment)), Is.All.True);
        Assert.That(records.Select(r => (r.Producer.Segment, r.Producer.Sequence)),
            Is.EqualTo(new[] { (0, 0), (0, 0), (0, 0), (0, 0), (0, 1) }));
    }

    [Test]
    public void A_missing_topic_is_not_retried()
    {
        var log = new FakeLog();
        var writer = new VeniceWriter(log, "no_such_topic", WriterHarness.Guid, ChecksumType.AdHash, new ManualClock());

        ProduceResult result = writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));

        Assert.That(result, Is.EqualTo(ProduceResult.NoSuchTopic));
        Assert.That(log.ProduceCalls, Is.EqualTo(1));
    }
}
