using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Venice.Core.Validation;

/// <summary>
/// MD5 (RFC 1321) computed in managed code, fed in pieces, with no allocation and no native call.
/// ADHASH digests every record, so the per-record cost of the digest is the floor of ingestion: through
/// <c>IncrementalHash</c> each record paid four P/Invokes into OpenSSL (three appends and a
/// finish-and-reset, each with SafeHandle reference counting and OpenSSL's error-queue clearing),
/// which cost more than the MD5 rounds of a 100-byte record. The digest is byte-for-byte MD5; the
/// tests compare it with <c>MD5.HashData</c> for every length and split.
/// </summary>
internal struct Md5Accumulator
{
    private const int BlockBytes = 64;

    private uint a, b, c, d;
    private long length;
    private Block pending;

    [InlineArray(BlockBytes)]
    private struct Block
    {
        private byte first;
    }

    /// <summary>A fresh digest (the RFC's initial state).</summary>
    public static Md5Accumulator Create()
    {
        var md5 = default(Md5Accumulator);
        md5.Reset();
        return md5;
    }

    public void Reset()
    {
        a = 0x67452301;
        b = 0xefcdab89;
        c = 0x98badcfe;
        d = 0x10325476;
        length = 0;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        int buffered = (int)(length & (BlockBytes - 1));
        length += bytes.Length;
        Span<byte> block = pending;
        if (buffered > 0)
        {
            int take = Math.Min(BlockBytes - buffered, bytes.Length);
            bytes[..take].CopyTo(block[buffered..]);
            bytes = bytes[take..];
            if (buffered + take < BlockBytes) return;
            Compress(block);
        }
        while (bytes.Length >= BlockBytes)
        {
            Compress(bytes[..BlockBytes]);
            bytes = bytes[BlockBytes..];
        }
        bytes.CopyTo(block);
    }

    /// <summary>Writes the 16-byte digest of everything appended since the last reset, then resets.</summary>
    public void FinishAndReset(Span<byte> digest)
    {
        long bits = length * 8;
        int buffered = (int)(length & (BlockBytes - 1));
        Span<byte> block = pending;
        block[buffered++] = 0x80;
        if (buffered > BlockBytes - sizeof(long))
        {
            block[buffered..].Clear();
            Compress(block);
            buffered = 0;
        }
        block[buffered..(BlockBytes - sizeof(long))].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(block[(BlockBytes - sizeof(long))..], bits);
        Compress(block);
        BinaryPrimitives.WriteUInt32LittleEndian(digest, a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d);
        Reset();
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        // One bounds check for the sixteen words; MD5 reads them little-endian.
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(block[..BlockBytes]);
        uint x15 = W(words[15]), x14 = W(words[14]), x13 = W(words[13]), x12 = W(words[12]);
        uint x11 = W(words[11]), x10 = W(words[10]), x9 = W(words[9]), x8 = W(words[8]);
        uint x7 = W(words[7]), x6 = W(words[6]), x5 = W(words[5]), x4 = W(words[4]);
        uint x3 = W(words[3]), x2 = W(words[2]), x1 = W(words[1]), x0 = W(words[0]);
        uint aa = a, bb = b, cc = c, dd = d;

        aa = F(aa, bb, cc, dd, x0, 0xd76aa478, 7); dd = F(dd, aa, bb, cc, x1, 0xe8c7b756, 12);
        cc = F(cc, dd, aa, bb, x2, 0x242070db, 17); bb = F(bb, cc, dd, aa, x3, 0xc1bdceee, 22);
        aa = F(aa, bb, cc, dd, x4, 0xf57c0faf, 7); dd = F(dd, aa, bb, cc, x5, 0x4787c62a, 12);
        cc = F(cc, dd, aa, bb, x6, 0xa8304613, 17); bb = F(bb, cc, dd, aa, x7, 0xfd469501, 22);
        aa = F(aa, bb, cc, dd, x8, 0x698098d8, 7); dd = F(dd, aa, bb, cc, x9, 0x8b44f7af, 12);
        cc = F(cc, dd, aa, bb, x10, 0xffff5bb1, 17); bb = F(bb, cc, dd, aa, x11, 0x895cd7be, 22);
        aa = F(aa, bb, cc, dd, x12, 0x6b901122, 7); dd = F(dd, aa, bb, cc, x13, 0xfd987193, 12);
        cc = F(cc, dd, aa, bb, x14, 0xa679438e, 17); bb = F(bb, cc, dd, aa, x15, 0x49b40821, 22);

        aa = G(aa, bb, cc, dd, x1, 0xf61e2562, 5); dd = G(dd, aa, bb, cc, x6, 0xc040b340, 9);
        cc = G(cc, dd, aa, bb, x11, 0x265e5a51, 14); bb = G(bb, cc, dd, aa, x0, 0xe9b6c7aa, 20);
        aa = G(aa, bb, cc, dd, x5, 0xd62f105d, 5); dd = G(dd, aa, bb, cc, x10, 0x02441453, 9);
        cc = G(cc, dd, aa, bb, x15, 0xd8a1e681, 14); bb = G(bb, cc, dd, aa, x4, 0xe7d3fbc8, 20);
        aa = G(aa, bb, cc, dd, x9, 0x21e1cde6, 5); dd = G(dd, aa, bb, cc, x14, 0xc33707d6, 9);
        cc = G(cc, dd, aa, bb, x3, 0xf4d50d87, 14); bb = G(bb, cc, dd, aa, x8, 0x455a14ed, 20);
        aa = G(aa, bb, cc, dd, x13, 0xa9e3e905, 5); dd = G(dd, aa, bb, cc, x2, 0xfcefa3f8, 9);
        cc = G(cc, dd, aa, bb, x7, 0x676f02d9, 14); bb = G(bb, cc, dd, aa, x12, 0x8d2a4c8a, 20);

        aa = H(aa, bb, cc, dd, x5, 0xfffa3942, 4); dd = H(dd, aa, bb, cc, x8, 0x8771f681, 11);
        cc = H(cc, dd, aa, bb, x11, 0x6d9d6122, 16); bb = H(bb, cc, dd, aa, x14, 0xfde5380c, 23);
        aa = H(aa, bb, cc, dd, x1, 0xa4beea44, 4); dd = H(dd, aa, bb, cc, x4, 0x4bdecfa9, 11);
        cc = H(cc, dd, aa, bb, x7, 0xf6bb4b60, 16); bb = H(bb, cc, dd, aa, x10, 0xbebfbc70, 23);
        aa = H(aa, bb, cc, dd, x13, 0x289b7ec6, 4); dd = H(dd, aa, bb, cc, x0, 0xeaa127fa, 11);
        cc = H(cc, dd, aa, bb, x3, 0xd4ef3085, 16); bb = H(bb, cc, dd, aa, x6, 0x04881d05, 23);
        aa = H(aa, bb, cc, dd, x9, 0xd9d4d039, 4); dd = H(dd, aa, bb, cc, x12, 0xe6db99e5, 11);
        cc = H(cc, dd, aa, bb, x15, 0x1fa27cf8, 16); bb = H(bb, cc, dd, aa, x2, 0xc4ac5665, 23);

        aa = I(aa, bb, cc, dd, x0, 0xf4292244, 6); dd = I(dd, aa, bb, cc, x7, 0x432aff97, 10);
        cc = I(cc, dd, aa, bb, x14, 0xab9423a7, 15); bb = I(bb, cc, dd, aa, x5, 0xfc93a039, 21);
        aa = I(aa, bb, cc, dd, x12, 0x655b59c3, 6); dd = I(dd, aa, bb, cc, x3, 0x8f0ccc92, 10);
        cc = I(cc, dd, aa, bb, x10, 0xffeff47d, 15); bb = I(bb, cc, dd, aa, x1, 0x85845dd1, 21);
        aa = I(aa, bb, cc, dd, x8, 0x6fa87e4f, 6); dd = I(dd, aa, bb, cc, x15, 0xfe2ce6e0, 10);
        cc = I(cc, dd, aa, bb, x6, 0xa3014314, 15); bb = I(bb, cc, dd, aa, x13, 0x4e0811a1, 21);
        aa = I(aa, bb, cc, dd, x4, 0xf7537e82, 6); dd = I(dd, aa, bb, cc, x11, 0xbd3af235, 10);
        cc = I(cc, dd, aa, bb, x2, 0x2ad7d2bb, 15); bb = I(bb, cc, dd, aa, x9, 0xeb86d391, 21);

        a += aa;
        b += bb;
        c += cc;
        d += dd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint W(uint word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint x, uint k, int s) => b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint x, uint k, int s) => b + BitOperations.RotateLeft(a + ((b & d) | (c & ~d)) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint x, uint k, int s) => b + BitOperations.RotateLeft(a + (b ^ c ^ d) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint x, uint k, int s) => b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + x + k, s);
}
