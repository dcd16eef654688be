using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>Creates and restores segment checksums, and feeds records into them.</summary>
public static class SegmentChecksums
{
    /// <summary>
    /// A fresh checksum of <paramref name="type"/>; false for ADLER32, which Venice deprecated: it is
    /// still decoded, but nothing computes it, and a validator treats its segments as unverifiable.
    /// </summary>
    public static bool TryCreate(ChecksumType type, [NotNullWhen(true)] out ISegmentChecksum? checksum)
    {
        checksum = type switch
        {
            ChecksumType.None => new NoChecksum(),
            ChecksumType.Md5 => new Md5Checksum(),
            ChecksumType.Crc32 => new Crc32Checksum(),
            ChecksumType.AdHash => new AdHashChecksum(),
            _ => null,
        };
        return checksum is not null;
    }

    /// <summary>
    /// Rebuilds a running checksum from the state <see cref="ISegmentChecksum.TryGetState"/> gave; false
    /// when the type is not resumable (MD5, CRC32, ADLER32) or the bytes do not fit it.
    /// </summary>
    public static bool TryRestore(ChecksumType type, ReadOnlySpan<byte> state, [NotNullWhen(true)] out ISegmentChecksum? checksum)
    {
        checksum = null;
        switch (type)
        {
            case ChecksumType.None when state.IsEmpty:
                checksum = new NoChecksum();
                return true;
            case ChecksumType.AdHash when AdHashChecksum.TryRestore(state, out AdHashChecksum? adHash):
                checksum = adHash;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Feeds one data record (type byte, key, value or update payload) from spans, as a producer has them.</summary>
    public static void UpdateRecord(this ISegmentChecksum checksum, MessageType type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> typeByte = [(byte)type];
        checksum.Update(typeByte);
        checksum.CompleteField();
        checksum.Update(key);
        checksum.CompleteField();
        checksum.Update(value);
        checksum.CompleteField();
    }

    /// <summary>Feeds one decoded data record (type byte, key, value or update payload), as a validator has it.</summary>
    public static void UpdateRecord(this ISegmentChecksum checksum, in VeniceRecord record)
    {
        ReadOnlySpan<byte> typeByte = [(byte)record.Type];
        checksum.Update(typeByte);
        checksum.CompleteField();
        Update(checksum, record.Key);
        checksum.CompleteField();
        Update(checksum, record.Value);
        checksum.CompleteField();
    }

    /// <summary>Whether an EOS's checksum bytes equal the computed ones.</summary>
    public static bool Matches(ReadOnlySpan<byte> computed, in ReadOnlySequence<byte> received)
    {
        if (received.Length != computed.Length || computed.Length > RecordCodec.MaxChecksumBytes) return false;
        if (received.IsSingleSegment) return received.FirstSpan.SequenceEqual(computed);
        Span<byte> contiguous = stackalloc byte[RecordCodec.MaxChecksumBytes];
        contiguous = contiguous[..computed.Length];
        received.CopyTo(contiguous);
        return contiguous.SequenceEqual(computed);
    }

    private static void Update(ISegmentChecksum checksum, in ReadOnlySequence<byte> bytes)
    {
        foreach (ReadOnlyMemory<byte> segment in bytes)
        {
            checksum.Update(segment.Span);
        }
    }
}
