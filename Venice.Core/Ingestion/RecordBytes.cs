using System.Buffers;

namespace Venice.Core.Ingestion;

/// <summary>
/// Hands a record's key and value to storage or a producer as spans: the slice itself when contiguous,
/// else a copy into one scratch buffer that grows as needed and is reused by every record of the task.
/// </summary>
internal sealed class RecordBytes
{
    private byte[] scratch = new byte[256];

    public ReadOnlySpan<byte> Key(in ReadOnlySequence<byte> key) => Contiguous(key, 0);

    /// <summary>The value is copied after the key, so both spans stay valid together.</summary>
    public ReadOnlySpan<byte> Value(in ReadOnlySequence<byte> value, long keyLength) => Contiguous(value, (int)keyLength);

    private ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> bytes, int at)
    {
        if (bytes.IsSingleSegment) return bytes.FirstSpan;
        int needed = at + (int)bytes.Length;
        if (scratch.Length < needed) Array.Resize(ref scratch, Math.Max(needed, scratch.Length * 2));
        bytes.CopyTo(scratch.AsSpan(at));
        return scratch.AsSpan(at, (int)bytes.Length);
    }
}
