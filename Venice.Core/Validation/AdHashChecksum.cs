using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// ADHASH, Venice's default (its AdHash class): every checksum update (each field of a record: its
/// message type, its key, its value) is hashed on its own with CRC32, and the 32-bit hashes are added
/// into a 64-bit sum that wraps around. Addition makes it order-independent, and its whole state is the
/// 8-byte sum (big-endian, as Venice's ByteUtils writes a long), so unlike MD5 or CRC32 here it can be
/// checkpointed mid-segment and resumed after a restart. That resumability is why Venice defaults to it.
/// </summary>
public sealed class AdHashChecksum : ISegmentChecksum
{
    public const int StateBytes = 8;

    private readonly Crc32 fieldHash = new();
    private readonly byte[] stateBytes = new byte[StateBytes];
    private ulong sum;

    public AdHashChecksum()
    {
    }

    private AdHashChecksum(ulong sum) => this.sum = sum;

    /// <summary>Rebuilds a running sum from <see cref="TryGetState"/>'s bytes; false when they are not a sum.</summary>
    public static bool TryRestore(ReadOnlySpan<byte> state, [NotNullWhen(true)] out AdHashChecksum? checksum)
    {
        checksum = state.Length == StateBytes ? new AdHashChecksum(BinaryPrimitives.ReadUInt64BigEndian(state)) : null;
        return checksum is not null;
    }

    public ChecksumType Type => ChecksumType.AdHash;

    public bool IsResumable => true;

    public void Update(ReadOnlySpan<byte> bytes) => fieldHash.Append(bytes);

    public void CompleteField()
    {
        sum = unchecked(sum + fieldHash.GetCurrentHashAsUInt32());
        fieldHash.Reset();
    }

    public byte[] Finish()
    {
        var bytes = new byte[StateBytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, sum);
        return bytes;
    }

    public bool TryGetState(out ReadOnlySpan<byte> state)
    {
        BinaryPrimitives.WriteUInt64BigEndian(stateBytes, sum);
        state = stateBytes;
        return true;
    }

    public bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone)
    {
        clone = new AdHashChecksum(sum);
        return true;
    }
}
