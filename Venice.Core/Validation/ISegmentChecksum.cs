using System.Diagnostics.CodeAnalysis;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// The running checksum of one segment's data records, computed alike by the producer (which sends it
/// in END_OF_SEGMENT) and by the validator (which compares). A record's checksummed bytes are its
/// message type byte, its key and, for a PUT, its value (for an UPDATE, its payload); control
/// messages are not checksummed.
/// Feed a record field by field, as Venice's Segment.addToCheckSum does (type, key, value): each with
/// <see cref="Update"/> (in as many pieces as convenient), closed by <see cref="CompleteField"/>. ADHASH
/// needs the field boundaries (it sums one CRC32 per field); the stream hashes ignore them.
/// </summary>
public interface ISegmentChecksum
{
    ChecksumType Type { get; }

    /// <summary>Appends bytes of the current field.</summary>
    void Update(ReadOnlySpan<byte> bytes);

    /// <summary>Ends the current field (one of Venice's checksum updates).</summary>
    void CompleteField();

    /// <summary>The checksum of every completed record so far. Does not disturb the running state.</summary>
    byte[] Finish();

    /// <summary>
    /// Whether the running state can be exported and cloned, so a checkpoint or a copy can carry on
    /// verifying. True for NONE and ADHASH (an 8-byte sum); false for MD5 and CRC32, whose .NET
    /// implementations keep their state private.
    /// </summary>
    bool IsResumable { get; }

    /// <summary>The running state, when <see cref="IsResumable"/>; restore it with <see cref="SegmentChecksums.TryRestore"/>.</summary>
    bool TryGetState(out ReadOnlySpan<byte> state);

    /// <summary>An independent copy of the running state, when <see cref="IsResumable"/>.</summary>
    bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone);
}
