using System.Diagnostics.CodeAnalysis;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>NONE: the segment carries an empty checksum, so every EOS verifies.</summary>
public sealed class NoChecksum : ISegmentChecksum
{
    public ChecksumType Type => ChecksumType.None;

    public bool IsResumable => true;

    public void Update(ReadOnlySpan<byte> bytes)
    {
    }

    public void CompleteField()
    {
    }

    public byte[] Finish() => [];

    public bool TryGetState(out ReadOnlySpan<byte> state)
    {
        state = [];
        return true;
    }

    public bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone)
    {
        clone = new NoChecksum();
        return true;
    }
}
