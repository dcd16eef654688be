using System.Buffers;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

[TestFixture]
public sealed class RecordCodecAllocationTests
{
    private const int Decodes = 1000;

    [Test]
    public void Decoding_a_put_in_steady_state_allocates_nothing()
    {
        var buffer = new ReadOnlySequence<byte>(SampleRecords.Put(SampleRecords.Leader));
        // Warm up with a full run, so JIT and tiering work is done before measuring.
        long keyBytes = DecodeKeyBytes(buffer, Decodes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        keyBytes += DecodeKeyBytes(buffer, Decodes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(keyBytes, Is.EqualTo(2L * Decodes * SampleRecords.Key.Length));
    }

    private static long DecodeKeyBytes(in ReadOnlySequence<byte> buffer, int times)
    {
        long keyBytes = 0;
        for (int i = 0; i < times; i++)
        {
            RecordCodec.TryDecode(buffer, out VeniceRecord record);
            keyBytes += record.Key.Length;
        }
        return keyBytes;
    }
}
