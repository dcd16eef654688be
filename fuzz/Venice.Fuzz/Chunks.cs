using System.Buffers;

namespace Venice.Fuzz;

/// <summary>Splits bytes into a multi-segment sequence, so decoders are fuzzed across segment boundaries.</summary>
internal static class Chunks
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int chunkBytes)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Chunk(bytes.AsMemory(0, Math.Min(chunkBytes, bytes.Length)), 0);
        Chunk last = first;
        for (int start = chunkBytes; start < bytes.Length; start += chunkBytes)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(chunkBytes, bytes.Length - start)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
