using System.Security.Cryptography;
using Venice.Core.Validation;

namespace Venice.Sim.Tests.Validation;

public sealed class Md5AccumulatorTests
{
    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 131 + 7);
        return bytes;
    }

    [Test]
    public void Its_digest_is_md5_for_every_length_around_the_block_and_padding_boundaries()
    {
        Span<byte> digest = stackalloc byte[16];
        var md5 = Md5Accumulator.Create();
        for (int length = 0; length <= 300; length++)
        {
            byte[] bytes = Bytes(length);
            md5.Append(bytes);
            md5.FinishAndReset(digest);
            Assert.That(digest.ToArray(), Is.EqualTo(MD5.HashData(bytes)), $"length {length}");
        }
    }

    [Test]
    public void Its_digest_does_not_depend_on_how_the_bytes_were_split()
    {
        byte[] bytes = Bytes(200);
        byte[] expected = MD5.HashData(bytes);
        Span<byte> digest = stackalloc byte[16];
        var md5 = Md5Accumulator.Create();
        for (int first = 0; first <= bytes.Length; first += 7)
        {
            for (int second = first; second <= bytes.Length; second += 13)
            {
                md5.Append(bytes.AsSpan(0, first));
                md5.Append(bytes.AsSpan(first, second - first));
                md5.Append(bytes.AsSpan(second));
                md5.FinishAndReset(digest);
                Assert.That(digest.ToArray(), Is.EqualTo(expected), $"split at {first} and {second}");
            }
        }
    }
}
