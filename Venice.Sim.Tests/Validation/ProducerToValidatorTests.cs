using Venice.Core.Messages;
using Venice.Core.Validation;
using Venice.Sim.Tests.Producer;

namespace Venice.Sim.Tests.Validation;

/// <summary>End to end: records written by VeniceWriter, stored in a log, decoded and validated.</summary>
[TestFixture]
public sealed class ProducerToValidatorTests
{
    [TestCase(ChecksumType.None)]
    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.Crc32)]
    [TestCase(ChecksumType.AdHash)]
    public void A_segment_written_by_the_producer_validates_ok_throughout(ChecksumType checksumType)
    {
        WriterHarness harness = WriteTwoSegments(checksumType);

        Assert.That(Validate(harness), Is.All.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_data_record_the_log_dropped_is_reported_missing()
    {
        WriterHarness harness = WriteTwoSegments(ChecksumType.AdHash);
        harness.RawRecords().RemoveAt(3);

        DivResult[] results = Validate(harness);

        Assert.That(results[3], Is.EqualTo(DivResult.Missing));
        Assert.That(results.Take(3), Is.All.EqualTo(DivResult.Ok));
    }

    [Test]
    public void A_value_byte_flipped_in_the_log_is_reported_corrupt_at_end_of_segment()
    {
        WriterHarness harness = WriteTwoSegments(ChecksumType.AdHash);
        byte[] put = harness.RawRecords()[2];
        put[^1] ^= 0x01;

        DivResult[] results = Validate(harness);

        int endOfSegment = Array.FindIndex(harness.Records(), r => r.IsControl(ControlMessageType.EndOfSegment));
        Assert.That(results[endOfSegment], Is.EqualTo(DivResult.Corrupt));
        Assert.That(results.Take(endOfSegment), Is.All.EqualTo(DivResult.Ok));
    }

    [TestCase(ChecksumType.Md5)]
    [TestCase(ChecksumType.AdHash)]
    public void A_segment_with_updates_validates_ok_throughout(ChecksumType checksumType)
    {
        WriterHarness harness = WriteSegmentWithUpdate(checksumType);

        Assert.That(Validate(harness), Is.All.EqualTo(DivResult.Ok));
    }

    [Test]
    public void An_update_payload_byte_flipped_in_the_log_is_reported_corrupt_at_end_of_segment()
    {
        WriterHarness harness = WriteSegmentWithUpdate(ChecksumType.AdHash);
        byte[] update = harness.RawRecords()[2];
        update[^1] ^= 0x01; // the last byte written, still a well-formed payload: only the checksum can tell

        DivResult[] results = Validate(harness);

        Assert.That(results, Is.EqualTo(new[] { DivResult.Ok, DivResult.Ok, DivResult.Ok, DivResult.Corrupt }));
    }

    [Test]
    public void An_update_the_log_dropped_is_reported_missing()
    {
        WriterHarness harness = WriteSegmentWithUpdate(ChecksumType.AdHash);
        harness.RawRecords().RemoveAt(2);

        Assert.That(Validate(harness)[2], Is.EqualTo(DivResult.Missing));
    }

    /// <summary>Partition 0: SOS, PUT, UPDATE, final EOS.</summary>
    private static WriterHarness WriteSegmentWithUpdate(ChecksumType checksumType)
    {
        var harness = new WriterHarness(checksumType);
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Update(0, WriterHarness.Bytes("a"), PartialUpdate.Encode(1, WriterHarness.Bytes("bc")));
        harness.Writer.Close();
        Assert.That(harness.RawRecords(), Has.Count.EqualTo(4));
        return harness;
    }

    [Test]
    public void A_producer_retry_of_a_record_that_had_landed_is_a_duplicate()
    {
        var harness = new WriterHarness(ChecksumType.AdHash);
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Log.Script(ScriptedProduce.FailAfterLanding);
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("2"));
        harness.Writer.EndSegment(0, finalSegment: true);

        Assert.That(Validate(harness), Is.EqualTo(new[]
        {
            DivResult.Ok, DivResult.Ok, DivResult.Ok, DivResult.Duplicate, DivResult.Ok,
        }));
    }

    [Test]
    public void A_tracker_checkpointed_mid_segment_verifies_the_rest_of_the_segment_after_a_restore()
    {
        WriterHarness harness = WriteTwoSegments(ChecksumType.AdHash);
        VeniceRecord[] records = harness.Records();
        var tracker = new PartitionTracker();
        foreach (VeniceRecord record in records.Take(3)) tracker.Validate(record);
        var checkpoint = new System.Buffers.ArrayBufferWriter<byte>();
        tracker.WriteTo(checkpoint);

        Assert.That(PartitionTracker.TryReadFrom(checkpoint.WrittenSpan, out PartitionTracker? restored), Is.True);
        Assert.That(records.Skip(3).Select(r => restored!.Validate(r)), Is.All.EqualTo(DivResult.Ok));
    }

    /// <summary>Partition 0: SOS, SOP, PUT, PUT, DELETE, EOP, EOS, then SOS, PUT, final EOS.</summary>
    private static WriterHarness WriteTwoSegments(ChecksumType checksumType)
    {
        var harness = new WriterHarness(checksumType);
        harness.Writer.SendControl(0, ControlPayload.StartOfPush());
        harness.Writer.Put(0, WriterHarness.Bytes("a"), WriterHarness.Bytes("1"));
        harness.Writer.Put(0, WriterHarness.Bytes("b"), WriterHarness.Bytes("22"));
        harness.Writer.Delete(0, WriterHarness.Bytes("a"));
        harness.Writer.SendControl(0, ControlPayload.EndOfPush());
        harness.Writer.EndSegment(0, finalSegment: false);
        harness.Writer.Put(0, WriterHarness.Bytes("c"), WriterHarness.Bytes("333"));
        harness.Writer.Close();
        Assert.That(harness.RawRecords(), Has.Count.EqualTo(10));
        return harness;
    }

    private static DivResult[] Validate(WriterHarness harness)
    {
        var tracker = new PartitionTracker();
        return harness.Records().Select(record => tracker.Validate(record)).ToArray();
    }
}
