using System.Buffers.Binary;

namespace Venice.Core.Messages;

/// <summary>
/// The model's partial update (Venice's write compute, much simplified): the payload of an UPDATE
/// record is a field offset and the bytes to write there. Applying it to a key's current value (empty
/// when the key is absent or deleted) overwrites bytes [offset, offset + length) and zero-extends the
/// value first when it is shorter. Pure and deterministic, so the ingestion leader and the simulator's
/// reference model compute the same results from the same function (docs/write-path.md, "UPDATE").
/// </summary>
/// <remarks>
/// Payload layout (little endian): offset int32 (0 &lt;= offset), then the bytes to write (the rest of
/// the payload, possibly none). Well formed only when offset + length &lt;= <see cref="MaxValueBytes"/>:
/// a corrupt offset must not make a leader allocate gigabytes, and Venice bounds a record's size too.
/// An update with no bytes still zero-extends the value to <c>offset</c>.
/// </remarks>
public static class PartialUpdate
{
    /// <summary>The size of the offset prefix of a payload.</summary>
    public const int HeaderBytes = 4;

    /// <summary>
    /// The largest value an update may produce (1 MiB, Venice's default Kafka record size limit without
    /// chunking). A value already longer is left as long as it is; an update may not reach past this.
    /// </summary>
    public const int MaxValueBytes = 1 << 20;

    /// <summary>The payload of an update writing <paramref name="bytes"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative or the update would reach past <see cref="MaxValueBytes"/>.</exception>
    public static byte[] Encode(int offset, ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!FitsBounds(offset, bytes.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"An update reaches at most byte {MaxValueBytes}; offset {offset} + {bytes.Length} bytes does not fit.");
        }
        var payload = new byte[HeaderBytes + bytes.Length];
        BinaryPrimitives.WriteInt32LittleEndian(payload, offset);
        bytes.CopyTo(payload.AsSpan(HeaderBytes));
        return payload;
    }

    /// <summary>Splits a payload into its offset and bytes; false when it is not well formed (see remarks).</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out int offset, out ReadOnlySpan<byte> bytes)
    {
        offset = 0;
        bytes = default;
        if (payload.Length < HeaderBytes) return false;
        int parsedOffset = BinaryPrimitives.ReadInt32LittleEndian(payload);
        ReadOnlySpan<byte> parsedBytes = payload[HeaderBytes..];
        if (!FitsBounds(parsedOffset, parsedBytes.Length)) return false;
        offset = parsedOffset;
        bytes = parsedBytes;
        return true;
    }

    /// <summary>The one bounds rule, shared with the codec (which checks it without copying the payload).</summary>
    internal static bool FitsBounds(int offset, long byteCount) => offset >= 0 && offset + byteCount <= MaxValueBytes;

    /// <summary>Whether <paramref name="payload"/> is a well-formed update payload.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> payload) => TryParse(payload, out _, out _);

    /// <summary>
    /// The value after applying <paramref name="payload"/> to <paramref name="current"/> (empty for an
    /// absent or deleted key): a new array of length max(current, offset + bytes), holding the current
    /// value, zeros up to the offset, then the update's bytes. The inputs are not changed.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not well formed. The codec rejects such
    /// records as malformed, so on the write path this is a programming error, never a data error.</exception>
    public static byte[] Apply(ReadOnlySpan<byte> current, ReadOnlySpan<byte> payload)
    {
        if (!TryParse(payload, out int offset, out ReadOnlySpan<byte> bytes))
        {
            throw new ArgumentException("Not a well-formed partial update payload.", nameof(payload));
        }
        // new byte[] is zeroed, which is the zero extension between the current end and the offset.
        var result = new byte[Math.Max(current.Length, offset + bytes.Length)];
        current.CopyTo(result);
        bytes.CopyTo(result.AsSpan(offset));
        return result;
    }
}
