using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// ADHASH, Venice's default: the MD5 of each record, added into a 128-bit sum modulo 2^128. Addition
/// makes it order-independent, and its whole state is the 16-byte sum, so unlike MD5 or CRC32 it can
/// be checkpointed mid-segment and resumed after a restart. That resumability is why Venice defaults to it.
/// The sum and the digests are read as big-endian integers, like Venice's BigInteger arithmetic.
/// </summary>
public sealed class AdHashChecksum : ISegmentChecksum, IDisposable
{
    public const int StateBytes = 16;

    // Managed MD5 (see Md5Accumulator): the digest of every record is ingestion's floor, and OpenSSL's
    // per-call overhead (four P/Invokes per record) cost more than the rounds themselves.
    private Md5Accumulator recordHash = Md5Accumulator.Create();
    private readonly byte[] sum = new byte[StateBytes];

    public AdHashChecksum()
    {
    }

    private AdHashChecksum(ReadOnlySpan<byte> state) => state.CopyTo(sum);

    /// <summary>Rebuilds a running sum from <see cref="TryGetState"/>'s bytes; false when they are not a sum.</summary>
    public static bool TryRestore(ReadOnlySpan<byte> state, [NotNullWhen(true)] out AdHashChecksum? checksum)
    {
        checksum = state.Length == StateBytes ? new AdHashChecksum(state) : null;
        return checksum is not null;
    }

    public ChecksumType Type => ChecksumType.AdHash;

    public bool IsResumable => true;

    public void Update(ReadOnlySpan<byte> bytes) => recordHash.Append(bytes);

    public void CompleteRecord()
    {
        Span<byte> digest = stackalloc byte[StateBytes];
        recordHash.FinishAndReset(digest);
        UInt128 total = unchecked(
            BinaryPrimitives.ReadUInt128BigEndian(sum) + BinaryPrimitives.ReadUInt128BigEndian(digest));
        BinaryPrimitives.WriteUInt128BigEndian(sum, total);
    }

    public byte[] Finish() => (byte[])sum.Clone();

    public bool TryGetState(out ReadOnlySpan<byte> state)
    {
        state = sum;
        return true;
    }

    public bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone)
    {
        clone = new AdHashChecksum(sum);
        return true;
    }

    /// <summary>Nothing to release any more (the digest is managed); kept so callers' using blocks stay valid.</summary>
    public void Dispose()
    {
    }
}
