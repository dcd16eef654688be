using System.Buffers;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

[TestFixture]
public sealed class PartitionTrackerAllocationTests
{
    private const int Records = 1000;
    private const int WarmUpRecords = 100;

    [Test]
    public void Decoding_and_validating_puts_in_steady_state_allocates_nothing()
    {
        var guid = new ProducerGuid(1, 1);
        var tracker = new PartitionTracker();
        tracker.Validate(ScriptedProducer.At(guid, 0, 0, MessageType.Control, ControlMessageType.StartOfSegment, ChecksumType.AdHash));
        byte[][] puts = Enumerable.Range(1, WarmUpRecords + Records).Select(sequence => EncodedPut(guid, sequence)).ToArray();
        for (int i = 0; i < WarmUpRecords; i++) DecodeAndValidate(tracker, puts[i]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int ok = 0;
        for (int i = WarmUpRecords; i < puts.Length; i++)
        {
            if (DecodeAndValidate(tracker, puts[i]) == DivResult.Ok) ok++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(ok, Is.EqualTo(Records));
        Assert.That(allocated, Is.Zero);
    }

    private static DivResult DecodeAndValidate(PartitionTracker tracker, byte[] bytes)
    {
        RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out VeniceRecord record);
        return tracker.Validate(record);
    }

    private static byte[] EncodedPut(ProducerGuid guid, int sequence)
    {
        var writer = new ArrayBufferWriter<byte>();
        RecordCodec.EncodePut(writer, new ProducerMetadata(guid, 0, sequence, 1_000), null, "key"u8, "value"u8);
        return writer.WrittenSpan.ToArray();
    }
}
