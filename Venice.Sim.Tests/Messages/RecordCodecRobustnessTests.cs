using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>Whatever the bytes, decoding answers with a status and never throws.</summary>
[TestFixture]
public sealed class RecordCodecRobustnessTests
{
    [Test]
    public void Every_single_bit_flip_of_every_sample_record_decodes_without_throwing()
    {
        foreach (byte[] original in SampleRecords.All())
        {
            for (int bit = 0; bit < original.Length * 8; bit++)
            {
                byte[] flipped = (byte[])original.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));

                Assert.That(() => SampleRecords.Decode(flipped, out _), Throws.Nothing, $"bit {bit}");
                Assert.That(() => RecordCodec.TryDecode(ChunkedSequence.Split(flipped, 5), out _), Throws.Nothing, $"bit {bit}, chunked");
            }
        }
    }

    [Test]
    public void Random_corruption_of_a_record_never_makes_decoding_throw()
    {
        byte[][] samples = SampleRecords.All().ToArray();
        Gen<(byte[] Bytes, int ChunkBytes)> corrupted =
            from sample in Gen.Elements(samples)
            from position in Gen.Choose(0, sample.Length - 1)
            from replacement in Gen.Choose(0, 255)
            from cut in Gen.Choose(0, sample.Length + 2)
            from chunkBytes in Gen.Choose(1, 16)
            select (Corrupt(sample, position, (byte)replacement, cut), chunkBytes);

        Prop.ForAll(Arb.From(corrupted), input => DecodesWithoutThrowing(input.Bytes, input.ChunkBytes))
            .QuickCheckThrowOnFailure();
    }

    [Test]
    public void Arbitrary_bytes_never_make_decoding_throw()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))), bytes => DecodesWithoutThrowing(bytes, 4))
            .QuickCheckThrowOnFailure();
    }

    private static byte[] Corrupt(byte[] sample, int position, byte replacement, int cut)
    {
        byte[] bytes = (byte[])sample.Clone();
        bytes[position] = replacement;
        // A cut past the end appends junk, so trailing bytes are explored as well as truncation.
        return cut <= bytes.Length ? bytes[..cut] : [.. bytes, .. new byte[cut - bytes.Length]];
    }

    private static bool DecodesWithoutThrowing(byte[] bytes, int chunkBytes)
    {
        DecodeStatus contiguous = RecordCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out _);
        DecodeStatus chunked = RecordCodec.TryDecode(ChunkedSequence.Split(bytes, chunkBytes), out _);
        return contiguous == chunked && Enum.IsDefined(contiguous);
    }
}
