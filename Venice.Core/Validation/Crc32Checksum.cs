using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// CRC32 (deprecated in Venice) over the concatenated checksummed bytes of the segment's records.
/// System.IO.Hashing's Crc32 cannot be seeded with a saved state, so like MD5 it is neither
/// checkpointable nor clonable.
/// </summary>
public sealed class Crc32Checksum : ISegmentChecksum
{
    private readonly Crc32 crc = new();

    public ChecksumType Type => ChecksumType.Crc32;

    public bool IsResumable => false;

    public void Update(ReadOnlySpan<byte> bytes) => crc.Append(bytes);

    public void CompleteField()
    {
    }

    public byte[] Finish() => crc.GetCurrentHash();

    public bool TryGetState(out ReadOnlySpan<byte> state)
    {
        state = default;
        return false;
    }

    public bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone)
    {
        clone = null;
        return false;
    }
}
